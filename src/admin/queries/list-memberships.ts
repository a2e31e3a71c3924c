import type { Queryable } from '../../platform/db/index.js';
import { readPage, type Page, type PageRequest } from '../../platform/paging/index.js';

export interface AdminMembership {
  readonly tenantId: string;
  readonly tenantName: string;
  readonly tenantDisabled: boolean;
  readonly userId: string;
  readonly email: string;
  readonly userDisabled: boolean;
  readonly role: 'owner' | 'admin' | 'member';
  readonly joinedAt: Date;
}

/** One page of memberships of a user, of a tenant, or of both, in the order they joined. */
export async function listMemberships(db: Queryable, query: PageRequest & { user?: string | undefined; tenant?: string | undefined }): Promise<Page<AdminMembership>> {
  return readPage({
    order: { keys: ['m.created_at', 'm.tenant_id', 'm.user_id'] },
    page: query,
    firstParam: 3,
    fetch: async (keyset) =>
      (
        await db.query<AdminMembership & { joined: string }>(
          `SELECT m.tenant_id AS "tenantId", t.name AS "tenantName", t.disabled_at IS NOT NULL AS "tenantDisabled",
             m.user_id AS "userId", u.email, u.disabled_at IS NOT NULL AS "userDisabled", m.role, m.created_at AS "joinedAt",
             m.created_at::text AS joined
           FROM memberships m JOIN tenants t ON t.id = m.tenant_id JOIN users u ON u.id = m.user_id
           WHERE ($1::uuid IS NULL OR m.user_id = $1) AND ($2::uuid IS NULL OR m.tenant_id = $2) AND ${keyset.where}
           ORDER BY ${keyset.orderBy} LIMIT ${keyset.limit}`,
          [query.user ?? null, query.tenant ?? null, ...keyset.params],
        )
      ).rows,
    keyOf: (row) => [row.joined, row.tenantId, row.userId],
    toItem: ({ joined: _joined, ...membership }) => membership,
  });
}
