import type { Queryable } from '../../platform/db/index.js';
import { readPage, type Page, type PageRequest } from '../../platform/paging/index.js';
import { requireMembership, type TenantActor, type TenantRole } from './tenant-access.js';

export interface TenantMember {
  readonly userId: string;
  readonly email: string;
  readonly displayName: string | null;
  readonly role: TenantRole;
  readonly joinedAt: Date;
}

export interface TenantMembers {
  /** The actor's role, read now rather than from the token, which may be minutes old. */
  readonly viewerRole: TenantRole;
  /** One page of members, in the order they joined. */
  readonly members: Page<TenantMember>;
}

/** One page of the members of the actor's active tenant, with the actor's own role. */
export async function listMembers(db: Queryable, actor: TenantActor, page: PageRequest): Promise<TenantMembers> {
  const { tenantId, role: viewerRole } = await requireMembership(db, actor);
  return { viewerRole, members: await readTenantMembers(db, tenantId, page) };
}

/**
 * One page of a tenant's members in the order they joined (keyset on the index
 * (tenant_id, created_at, user_id)); `activeOnly` leaves out disabled accounts.
 */
export async function readTenantMembers(db: Queryable, tenantId: string, page: PageRequest, options: { readonly activeOnly?: boolean } = {}): Promise<Page<TenantMember>> {
  return readPage({
    order: { keys: ['m.created_at', 'm.user_id'] },
    page,
    firstParam: 2,
    fetch: async (keyset) =>
      (
        await db.query<{ user_id: string; email: string; display_name: string | null; role: TenantRole; created_at: Date; joined: string }>(
          `SELECT m.user_id, u.email, u.display_name, m.role, m.created_at, m.created_at::text AS joined
           FROM memberships m JOIN users u ON u.id = m.user_id
           WHERE m.tenant_id = $1 AND ${options.activeOnly ? 'u.disabled_at IS NULL AND ' : ''}${keyset.where}
           ORDER BY ${keyset.orderBy} LIMIT ${keyset.limit}`,
          [tenantId, ...keyset.params],
        )
      ).rows,
    keyOf: (row) => [row.joined, row.user_id],
    toItem: (row) => ({ userId: row.user_id, email: row.email, displayName: row.display_name, role: row.role, joinedAt: row.created_at }),
  });
}
