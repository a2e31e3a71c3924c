import type { Clock } from '../../platform/clock.js';
import type { Queryable } from '../../platform/db/index.js';

export interface AdminOverview {
  readonly users: number;
  readonly disabledUsers: number;
  readonly tenants: number;
  readonly disabledTenants: number;
  readonly liveSessions: number;
  readonly liveTokens: number;
}

/** The platform's totals in one statement (counts scan; the admin overview is not a hot path). */
export async function readOverview(db: Queryable, clock: Clock): Promise<AdminOverview> {
  const { rows } = await db.query<AdminOverview>(
    `SELECT (SELECT count(*)::int FROM users) AS users,
       (SELECT count(*)::int FROM users WHERE disabled_at IS NOT NULL) AS "disabledUsers",
       (SELECT count(*)::int FROM tenants) AS tenants,
       (SELECT count(*)::int FROM tenants WHERE disabled_at IS NOT NULL) AS "disabledTenants",
       (SELECT count(*)::int FROM sessions WHERE revoked_at IS NULL AND idle_expires_at > $1 AND absolute_expires_at > $1) AS "liveSessions",
       (SELECT count(*)::int FROM api_tokens WHERE revoked_at IS NULL AND expires_at > $1) AS "liveTokens"`,
    [clock.now()],
  );
  return rows[0]!;
}
