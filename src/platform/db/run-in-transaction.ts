import type pg from 'pg';
import type { Queryable } from './queryable.js';

/**
 * Runs `work` in a transaction on a pooled connection: COMMIT on success, ROLLBACK on any
 * error. A connection whose rollback fails is destroyed rather than returned to the pool.
 */
export async function runInTransaction<T>(pool: pg.Pool, work: (tx: Queryable) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work({ query: (text, values) => client.query(text, values as unknown[] | undefined) });
    await client.query('COMMIT');
    client.release();
    return result;
  } catch (error) {
    await client.query('ROLLBACK').then(
      () => client.release(),
      (rollbackError: Error) => client.release(rollbackError),
    );
    throw error;
  }
}
