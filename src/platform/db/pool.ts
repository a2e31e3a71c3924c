import pg from 'pg';

export interface PoolOptions {
  readonly max: number;
  /** Shows up in pg_stat_activity, so an operator can tell the pools apart. */
  readonly applicationName: string;
  readonly statementTimeoutMs?: number;
}

/**
 * A node-postgres pool with the suite's defaults. Only the db and tenancy kernel
 * call this (check:security-invariants): everything else gets a scoped handle.
 */
export function createPool(connectionString: string, options: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max: options.max,
    application_name: options.applicationName,
    statement_timeout: options.statementTimeoutMs ?? 30_000,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
  });
  // An idle client losing its server must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  return pool;
}

/** A connection URL with the password masked, for logs and error messages. */
export function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '****';
  return parsed.toString();
}
