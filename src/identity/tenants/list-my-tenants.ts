import type { Queryable } from '../../platform/db/index.js';
import { readPage, type Page, type PageRequest } from '../../platform/paging/index.js';
import type { TenantRole } from './tenant-access.js';

export interface MyTenant {
  readonly id: string;
  readonly name: string;
  readonly role: TenantRole;
  readonly active: boolean;
  /** A platform admin disabled the tenant: its apps cannot be launched. */
  readonly disabled: boolean;
}

/**
 * One page of the tenants the user belongs to, in the order they joined (the index order of
 * `memberships_user_joined_idx`, so a page costs the same with 10 tenants or 5,000), flagging
 * the session's active one (for the tenant switcher).
 */
export async function listMyTenants(db: Queryable, input: { userId: string; activeTenantId: string | null; page: PageRequest }): Promise<Page<MyTenant>> {
  return readPage({
    order: { keys: ['m.created_at', 'm.tenant_id'] },
    page: input.page,
    firstParam: 2,
    fetch: async (keyset) =>
      (
        await db.query<{ id: string; name: string; role: TenantRole; joined: string; disabled: boolean }>(
          `SELECT t.id, t.name, m.role, m.created_at::text AS joined, t.disabled_at IS NOT NULL AS disabled
           FROM memberships m JOIN tenants t ON t.id = m.tenant_id
           WHERE m.user_id = $1 AND ${keyset.where}
           ORDER BY ${keyset.orderBy} LIMIT ${keyset.limit}`,
          [input.userId, ...keyset.params],
        )
      ).rows,
    keyOf: (row) => [row.joined, row.id],
    toItem: (row) => ({ id: row.id, name: row.name, role: row.role, active: row.id === input.activeTenantId, disabled: row.disabled }),
  });
}
