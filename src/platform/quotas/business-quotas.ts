import { currentTenantTransaction, type BusinessDb } from '../tenancy/index.js';
import type { EnforceOptions, QuotaGuard, QuotaUsage } from './quota-guard.js';
import type { QuotaKey } from './quota-table.js';

/** How a module counts the usage of its tenant quotas: one SQL each, run in a tenant transaction (RLS scopes it). */
export type BusinessQuotaUsageSql = Partial<Record<QuotaKey, string>>;

/**
 * Enforces a tenant quota counted in the business database, in the current tenant transaction,
 * just before (or, with `alreadyInserted`, just after) the insert it bounds.
 */
export function enforceBusinessQuota(quotas: QuotaGuard, key: QuotaKey, usageSql: string, options?: EnforceOptions): Promise<QuotaUsage> {
  const tx = currentTenantTransaction();
  return quotas.enforce(tx, key, tx.tenantId, usageSql, [], options);
}

/** A tenant's usage of the given quotas against its limits, counted in one read-only statement (its settings page). */
export async function businessQuotaUsage(businessDb: BusinessDb, quotas: QuotaGuard, tenantId: string, usageSql: BusinessQuotaUsageSql): Promise<QuotaUsage[]> {
  const keys = Object.keys(usageSql) as QuotaKey[];
  if (keys.length === 0) return [];
  const counts = await businessDb.withTenant(
    tenantId,
    async (tx) => {
      const { rows } = await tx.query<Record<string, string>>(`SELECT ${keys.map((key, index) => `(${usageSql[key]}) AS usage_${index}`).join(', ')}`);
      return keys.map((_, index) => Number(rows[0]?.[`usage_${index}`] ?? 0));
    },
    { readOnly: true },
  );
  return Promise.all(keys.map(async (key, index) => ({ key, usage: counts[index]!, limit: await quotas.limitOf(key, tenantId) })));
}
