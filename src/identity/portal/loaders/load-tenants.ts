import type { IdentityDeps } from '../../identity-deps.js';
import type { TenantRole } from './load-viewer.js';

export interface TenantChoice {
  readonly id: string;
  readonly name: string;
  readonly role: TenantRole;
}

/** The tenants the user belongs to, for the switcher. */
export async function loadTenants(deps: Pick<IdentityDeps, 'db'>, userId: string): Promise<TenantChoice[]> {
  const { rows } = await deps.db.query<TenantChoice>(
    `SELECT t.id, t.name, m.role
     FROM memberships m JOIN tenants t ON t.id = m.tenant_id
     WHERE m.user_id = $1
     ORDER BY lower(t.name), t.id`,
    [userId],
  );
  return rows;
}
