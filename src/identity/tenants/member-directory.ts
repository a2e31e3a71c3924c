import type { Queryable } from '../../platform/db/index.js';
import type { Page, PageRequest } from '../../platform/paging/index.js';
import { readTenantMembers } from './list-members.js';

interface DirectoryMember {
  userId: string;
  email: string;
}

/**
 * The active members of a tenant (user id and email), for apps that assign work to people.
 * Apps receive it as a port from the composition root; they never see the identity database.
 */
export function tenantMemberDirectory(db: Queryable) {
  const active = async (tenantId: string, filter: string, values: readonly unknown[]): Promise<DirectoryMember[]> => {
    const { rows } = await db.query<{ user_id: string; email: string }>(
      `SELECT m.user_id, u.email FROM memberships m JOIN users u ON u.id = m.user_id
       WHERE m.tenant_id = $1 AND u.disabled_at IS NULL AND ${filter} ORDER BY u.email LIMIT 1000`,
      [tenantId, ...values],
    );
    return rows.map((row) => ({ userId: row.user_id, email: row.email }));
  };
  return {
    async listMembers(tenantId: string): Promise<DirectoryMember[]> {
      return active(tenantId, 'TRUE', []);
    },

    async pageMembers(tenantId: string, page: PageRequest): Promise<Page<DirectoryMember>> {
      const members = await readTenantMembers(db, tenantId, page, { activeOnly: true });
      return { ...members, items: members.items.map(({ userId, email }) => ({ userId, email })) };
    },

    // A page names at most a few hundred people; the ids that are not uuids name no member.
    async membersByIds(tenantId: string, userIds: readonly string[]): Promise<DirectoryMember[]> {
      const ids = [...new Set(userIds)].filter((id) => UUID.test(id)).slice(0, 1000);
      return ids.length === 0 ? [] : active(tenantId, 'm.user_id = ANY($2::uuid[])', [ids]);
    },
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
