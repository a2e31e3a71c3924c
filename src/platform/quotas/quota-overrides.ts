import type { Queryable } from '../db/index.js';
import { isQuotaKey, type QuotaKey } from './quota-table.js';

/**
 * Per-tenant (or per-user) limits an operator set, stored in the identity database's
 * `quota_overrides` (installation control data, beside the rate-limit counters). Written by
 * `npx bsns quotas set` today, by /admin later.
 */
export interface QuotaOverrides {
  /** `via` reads on a connection the caller already holds (an identity transaction). */
  read(key: QuotaKey, subjectId: string, via?: Queryable): Promise<number | null>;
  list(subjectId: string): Promise<Partial<Record<QuotaKey, number>>>;
  set(subjectId: string, values: Partial<Record<QuotaKey, number>>): Promise<void>;
  clear(subjectId: string, keys: readonly QuotaKey[]): Promise<void>;
}

export function createQuotaOverrides(db: Queryable): QuotaOverrides {
  return {
    async read(key, subjectId, via = db) {
      const { rows } = await via.query<{ value: string }>('SELECT value FROM quota_overrides WHERE subject_id = $1 AND key = $2', [subjectId, key]);
      return rows[0] ? Number(rows[0].value) : null;
    },
    async list(subjectId) {
      const { rows } = await db.query<{ key: string; value: string }>('SELECT key, value FROM quota_overrides WHERE subject_id = $1 ORDER BY key', [subjectId]);
      return Object.fromEntries(rows.filter((row) => isQuotaKey(row.key)).map((row) => [row.key, Number(row.value)]));
    },
    async set(subjectId, values) {
      for (const [key, value] of Object.entries(values)) {
        await db.query(
          `INSERT INTO quota_overrides (subject_id, key, value) VALUES ($1, $2, $3)
           ON CONFLICT (subject_id, key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
          [subjectId, key, value],
        );
      }
    },
    async clear(subjectId, keys) {
      await db.query('DELETE FROM quota_overrides WHERE subject_id = $1 AND key = ANY($2::text[])', [subjectId, keys]);
    },
  };
}
