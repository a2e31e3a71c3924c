import type { Queryable } from '../../platform/db/index.js';

/**
 * The active members of a tenant (user id and email), for apps that assign work to people.
 * Apps receive it as a port from the composition root; they never see the identity database.
 */
export function tenantMemberDirectory(db: Queryable) {
  return {
    async listMembers(tenantId: string): Promise<Array<{ userId: string; email: string }>> {
      const { rows } = await db.query<{ user_id: string; email: string }>(
        `SELECT m.user_id, u.email FROM memberships m JOIN users u ON u.id = m.user_id
         WHERE m.tenant_id = $1 AND u.disabled_at IS NULL ORDER BY u.email LIMIT 1000`,
        [tenantId],
      );
      return rows.map((row) => ({ userId: row.user_id, email: row.email }));
    },
  };
}
