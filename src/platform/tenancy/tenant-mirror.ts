import type { BusinessDb } from './business-db.js';

export interface MirroredTenant {
  readonly id: string;
  readonly name: string;
}

/** Identity's view of the business database: it may announce a tenant, and nothing more. */
export type TenantMirror = (tenant: MirroredTenant) => Promise<void>;

/**
 * Copies a tenant created in the identity database into the business database, inside that
 * tenant's own transaction (RLS lets a tenant create only itself). Idempotent, so a retry after
 * a crash between the two databases converges.
 */
export function createTenantMirror(businessDb: BusinessDb, options: { afterMirror?: () => Promise<void> } = {}): TenantMirror {
  return (tenant) =>
    businessDb.withTenant(tenant.id, async (tx) => {
      await tx.query('INSERT INTO tenants (id, name) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name', [tenant.id, tenant.name]);
      // In the same transaction, e.g. the tenant's data key: a tenant never exists without one.
      await options.afterMirror?.();
    });
}
