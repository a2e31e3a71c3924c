import type { Queryable } from '../../platform/db/index.js';
import type { TenantRole } from './tenant-access.js';

export interface MyTenant {
  readonly id: string;
  readonly name: string;
  readonly role: TenantRole;
  readonly active: boolean;
}

/** The tenants the user belongs to, flagging the session's active one (for the tenant switcher). */
export async function listMyTenants(db: Queryable, input: { userId: string; activeTenantId: string | null }): Promise<MyTenant[]> {
  const { rows } = await db.query<{ id: string; name: string; role: TenantRole }>(
    `SELECT t.id, t.name, m.role FROM memberships m JOIN tenants t ON t.id = m.tenant_id
     WHERE m.user_id = $1 ORDER BY lower(t.name), t.id`,
    [input.userId],
  );
  return rows.map((row) => ({ ...row, active: row.id === input.activeTenantId }));
}
