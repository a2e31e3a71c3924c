import type { BusinessQuotaUsageSql } from '../quotas/index.js';

/** The usage of `tenant.webhooks`: the tenant's endpoints (RLS scopes the count); a removed one frees its place. */
export const WEBHOOK_QUOTA_USAGE = {
  'tenant.webhooks': 'SELECT count(*) FROM webhook_endpoints',
} as const satisfies BusinessQuotaUsageSql;
