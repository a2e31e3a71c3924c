import type pg from 'pg';
import { LeadingStatementsQuery } from './leading-statements-query.js';
import type { Queryable } from './queryable.js';

/**
 * Runs `work` in a transaction on a pooled connection: COMMIT on success, ROLLBACK on any
 * error. A connection whose rollback fails is destroyed rather than returned to the pool.
 *
 * BEGIN is not a round trip of its own: it travels with the work's first statement under one
 * Sync (LeadingStatementsQuery), and a unit that sends no statement sends no BEGIN or COMMIT.
 * Statements the work sends at once still run in the order it sent them (the client queues them).
 */
export async function runInTransaction<T>(pool: pg.Pool, work: (tx: Queryable) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let begun = false;
  const query: Queryable['query'] = (text, values) => {
    if (begun) return client.query(text, values as unknown[] | undefined);
    begun = true;
    return new Promise((resolve, reject) => {
      const withBegin = new LeadingStatementsQuery([{ text: 'BEGIN' }], text, values, (error, result) => (error ? reject(error) : resolve(result as never)));
      void client.query(withBegin as unknown as pg.Submittable);
    });
  };
  try {
    const result = await work({ query });
    if (begun) await client.query('COMMIT');
    client.release();
    return result;
  } catch (error) {
    if (!begun) {
      client.release();
      throw error;
    }
    await client.query('ROLLBACK').then(
      () => client.release(),
      (rollbackError: Error) => client.release(rollbackError),
    );
    throw error;
  }
}
