import type { QuotaGuard, QuotaUsage } from '../../../platform/quotas/index.js';
import type { BusinessDb } from '../../../platform/tenancy/index.js';

/** The labels of the current tenant (RLS scopes the count): the usage of `tenant.labels`. */
export const LABELS_USAGE_SQL = 'SELECT count(*) FROM labels';

/** The tenant's labels against its limit, for its settings page. */
export async function labelQuotaUsage(businessDb: BusinessDb, quotas: QuotaGuard, tenantId: string): Promise<QuotaUsage> {
  const usage = await businessDb.withTenant(tenantId, async (tx) => Number((await tx.query<{ count: string }>(LABELS_USAGE_SQL)).rows[0]?.count ?? 0));
  return { key: 'tenant.labels', usage, limit: await quotas.limitOf('tenant.labels', tenantId) };
}
