import type { Clock } from '../../platform/clock.js';
import type { IdentityDb } from '../../platform/db/index.js';

const TTL_MS = 30_000;

/**
 * Which apps each tenant has switched off, cached briefly: launches are hot, switching an app
 * off is rare, and half a minute of staleness is within the session token's own lifetime.
 */
export function createTenantAppAccess(db: IdentityDb, clock: Clock) {
  const cache = new Map<string, { disabled: ReadonlySet<string>; at: number }>();
  return async function isAppEnabled(tenantId: string, app: string): Promise<boolean> {
    const now = clock.now().getTime();
    let entry = cache.get(tenantId);
    if (!entry || now - entry.at > TTL_MS) {
      const { rows } = await db.query<{ app: string }>('SELECT app FROM tenant_disabled_apps WHERE tenant_id = $1', [tenantId]);
      entry = { disabled: new Set(rows.map((row) => row.app)), at: now };
      cache.set(tenantId, entry);
    }
    return !entry.disabled.has(app);
  };
}
