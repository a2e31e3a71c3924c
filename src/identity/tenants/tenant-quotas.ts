import type { Clock } from '../../platform/clock.js';
import type { Queryable } from '../../platform/db/index.js';
import type { QuotaGuard, QuotaKey, QuotaUsage } from '../../platform/quotas/index.js';

/**
 * How identity counts the usage of its quotas, one SQL each (`$1` the subject, `$2` now),
 * shared by the enforcement in the use cases and the usage shown on the members page.
 */
export const IDENTITY_QUOTA_USAGE = {
  'user.tenants_owned': "SELECT count(*) FROM memberships WHERE user_id = $1 AND role = 'owner'",
  // A pending invitation holds a seat: accepting it must not take the tenant past its limit.
  'tenant.members': `SELECT (SELECT count(*) FROM memberships WHERE tenant_id = $1)
    + (SELECT count(*) FROM invitations WHERE tenant_id = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $2)`,
  'tenant.pending_invitations': 'SELECT count(*) FROM invitations WHERE tenant_id = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $2',
  // Every invitation sent one email, revoked or not.
  'tenant.emails_per_hour': "SELECT count(*) FROM invitations WHERE tenant_id = $1 AND created_at > $2::timestamptz - interval '1 hour'",
  // Tokens that can still be used; a revoked or expired one frees its place.
  'tenant.api_tokens': 'SELECT count(*) FROM api_tokens WHERE tenant_id = $1 AND revoked_at IS NULL AND expires_at > $2',
} as const satisfies Partial<Record<QuotaKey, string>>;

type IdentityQuota = keyof typeof IDENTITY_QUOTA_USAGE;

/** Enforces one of identity's quotas inside `tx` (see `QuotaGuard.enforce`). */
export function enforceIdentityQuota(quotas: QuotaGuard, tx: Queryable, clock: Clock, key: IdentityQuota, subjectId: string): Promise<QuotaUsage> {
  return quotas.enforce(tx, key, subjectId, IDENTITY_QUOTA_USAGE[key], usageParams(key, subjectId, clock), { overridesInTransaction: true });
}

function usageParams(key: IdentityQuota, subjectId: string, clock: Clock): unknown[] {
  return IDENTITY_QUOTA_USAGE[key].includes('$2') ? [subjectId, clock.now()] : [subjectId];
}

/** A tenant's usage against its limits, for its settings. */
export async function tenantQuotaUsage(db: Queryable, quotas: QuotaGuard, clock: Clock, tenantId: string): Promise<QuotaUsage[]> {
  const keys = ['tenant.members', 'tenant.pending_invitations', 'tenant.emails_per_hour', 'tenant.api_tokens'] as const;
  return Promise.all(
    keys.map(async (key) => {
      const { rows } = await db.query<{ usage: string }>(`SELECT (${IDENTITY_QUOTA_USAGE[key]}) AS usage`, usageParams(key, tenantId, clock));
      return { key, usage: Number(rows[0]?.usage ?? 0), limit: await quotas.limitOf(key, tenantId) };
    }),
  );
}
