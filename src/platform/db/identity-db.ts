import type pg from 'pg';
import type { Queryable } from './queryable.js';
import { runInTransaction } from './run-in-transaction.js';

/**
 * The identity database, as its runtime role. Identity code receives this handle and
 * nothing else: it has no route to the business pool, and no tenant context.
 */
export class IdentityDb implements Queryable {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  query: Queryable['query'] = (text, values) => this.#pool.query(text, values as unknown[] | undefined);

  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return runInTransaction(this.#pool, work);
  }
}
