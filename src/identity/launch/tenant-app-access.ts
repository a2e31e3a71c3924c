import type { Clock } from '../../platform/clock.js';
import type { IdentityDb } from '../../platform/db/index.js';

const TTL_MS = 30_000;

/**
 * Which apps each tenant has switched off, cached briefly: launches are hot, switching an app
 * off is rare, and half a minute of staleness is within the session token's own lifetime.
 * A cached answer comes back synchronously (no promise on the hot path); a miss reads the table.
 */
export type TenantAppAccess = (tenantId: string, app: string) => boolean | Promise<boolean>;

export function createTenantAppAccess(db: IdentityDb, clock: Clock): TenantAppAccess {
  const cache = new Map<string, { disabled: ReadonlySet<string>; at: number }>();

  async function load(tenantId: string, now: number): Promise<ReadonlySet<string>> {
    const { rows } = await db.query<{ app: string }>('SELECT app FROM tenant_disabled_apps WHERE tenant_id = $1', [tenantId]);
    const disabled = new Set(rows.map((row) => row.app));
    cache.set(tenantId, { disabled, at: now });
    return disabled;
  }

  return function isAppEnabled(tenantId: string, app: string): boolean | Promise<boolean> {
    const now = clock.now().getTime();
    const entry = cache.get(tenantId);
    if (entry && now - entry.at <= TTL_MS) return !entry.disabled.has(app);
    return load(tenantId, now).then((disabled) => !disabled.has(app));
  };
}
