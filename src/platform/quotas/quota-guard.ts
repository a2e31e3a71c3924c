import { AppError } from '../errors/index.js';
import type { Queryable } from '../db/index.js';
import { QUOTA_TABLE, type QuotaKey, type QuotaLimits } from './quota-table.js';
import type { QuotaOverrides } from './quota-overrides.js';

/** How much of a quota is used, against which limit. */
export interface QuotaUsage {
  readonly key: QuotaKey;
  readonly usage: number;
  readonly limit: number;
}

/**
 * The one way to enforce a quota. Apps receive it from the composition root and call
 * `enforce` inside the transaction that then inserts:
 *
 *     await quotas.enforce(tx, 'tenant.labels', tx.tenantId, 'SELECT count(*) FROM labels');
 *
 * `enforce` takes a transaction-scoped advisory lock on (quota, subject) before it counts, so
 * concurrent creates of the same subject run their count-then-insert one at a time until
 * commit: twenty parallel creates at the edge end exactly at the limit, never past it.
 */
export interface QuotaGuard {
  /**
   * The subject's limit: its stored override, else the installation's (`BSNS_QUOTAS`, else the
   * default). `overridesIn` reads the override through an identity transaction already open.
   */
  limitOf(key: QuotaKey, subjectId: string, overridesIn?: Queryable): Promise<number>;
  /**
   * Refuses with `quota.exceeded` (nothing written: the caller's transaction rolls back) when
   * `adding` more would take the subject past its limit. `usageSql` returns one row, one number:
   * the subject's current usage, counted in `tx` (RLS already scopes a tenant transaction).
   */
  enforce(tx: Queryable, key: QuotaKey, subjectId: string, usageSql: string, params?: readonly unknown[], options?: EnforceOptions): Promise<QuotaUsage>;
  /** For per-request quotas (`installation.*`, such as the rows of one import): refuses `amount` past the limit. */
  assertWithin(key: QuotaKey, amount: number): void;
}

export interface EnforceOptions {
  /** How much the create adds (1 by default; bytes for `tenant.blob_bytes`). */
  readonly adding?: number;
  /**
   * The `adding` rows are already inserted in `tx`, so `usageSql` counts them too: a bulk insert
   * (an import stored batch by batch as the file streams) is checked once at its end, before the
   * commit, so the lock is held for the commit and not for the whole upload. Still atomic: a
   * sibling holding the lock has committed before this count, and one counting later waits for
   * this commit; rows a sibling has inserted but not yet checked are counted by its own check.
   */
  readonly alreadyInserted?: boolean;
  /**
   * Pass `tx` when it is an identity-database transaction: the override is then read on the
   * connection the transaction already holds. Taking a second connection from the same pool
   * while holding one deadlocks the pool once every connection waits on the quota lock.
   */
  readonly overridesInTransaction?: boolean;
}

export function createQuotaGuard(limits: QuotaLimits, overrides: QuotaOverrides): QuotaGuard {
  const limitOf = async (key: QuotaKey, subjectId: string, overridesIn?: Queryable) => (await overrides.read(key, subjectId, overridesIn)) ?? limits[key];
  return {
    limitOf,
    async enforce(tx, key, subjectId, usageSql, params = [], options = {}) {
      const adding = options.adding ?? 1;
      const limit = await limitOf(key, subjectId, options.overridesInTransaction ? tx : undefined);
      // Held until the transaction ends, so the count below cannot be raced by a sibling insert.
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`quota:${key}:${subjectId}`]);
      const { rows } = await tx.query(usageSql, params);
      const counted = Number(Object.values(rows[0] ?? {})[0] ?? 0);
      const usage = options.alreadyInserted ? counted - adding : counted;
      if (usage + adding > limit) throw quotaExceeded(key, usage, limit);
      return { key, usage, limit };
    },
    assertWithin(key, amount) {
      if (amount > limits[key]) throw quotaExceeded(key, amount, limits[key]);
    },
  };
}

/** `quota.exceeded`, with a message that names the limit and the usage. */
export function quotaExceeded(key: QuotaKey, usage: number, limit: number): AppError {
  const { unit } = QUOTA_TABLE[key];
  return new AppError('quota.exceeded', `Quota ${key} reached: ${usage} of ${limit} ${unit} used. Ask your administrator to raise it.`, { quota: key, limit, usage });
}
