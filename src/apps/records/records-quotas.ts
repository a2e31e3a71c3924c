import { enforceBusinessQuota, type BusinessQuotaUsageSql, type EnforceOptions, type QuotaGuard, type QuotaUsage } from '../../platform/quotas/index.js';

/**
 * How the records app counts the usage of its tenant quotas (RLS scopes each count to the
 * tenant), shared by the enforcement before each insert and the usage on the tenant's settings.
 */
export const RECORDS_QUOTA_USAGE = {
  'tenant.records': 'SELECT count(*) FROM records',
  'tenant.labels': 'SELECT count(*) FROM labels',
  'tenant.tasks': 'SELECT count(*) FROM record_tasks',
  'tenant.notes': 'SELECT count(*) FROM record_notes',
} as const satisfies BusinessQuotaUsageSql;

export type RecordsQuota = keyof typeof RECORDS_QUOTA_USAGE;

/** Refuses with `quota.exceeded` the create that would take the current tenant past `key`; call it in the inserting transaction. */
export function enforceRecordsQuota(quotas: QuotaGuard, key: RecordsQuota, options?: EnforceOptions): Promise<QuotaUsage> {
  return enforceBusinessQuota(quotas, key, RECORDS_QUOTA_USAGE[key], options);
}
