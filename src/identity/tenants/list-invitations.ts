import type { Clock } from '../../platform/clock.js';
import type { Queryable } from '../../platform/db/index.js';
import { readPage, type Page, type PageRequest } from '../../platform/paging/index.js';
import { requireManager, type TenantActor, type TenantRole } from './tenant-access.js';

export interface PendingInvitation {
  readonly id: string;
  readonly email: string;
  readonly role: TenantRole;
  readonly expiresAt: Date;
  /** The inviter's address, or null if their account is gone. */
  readonly invitedBy: string | null;
}

/**
 * One page of the pending invitations of the actor's active tenant, oldest first. For owners
 * and admins only: invited addresses are not every member's business.
 */
export async function listInvitations(db: Queryable, clock: Clock, actor: TenantActor, page: PageRequest): Promise<Page<PendingInvitation>> {
  const { tenantId } = await requireManager(db, actor);
  return readPage({
    order: { keys: ['i.created_at', 'i.id'] },
    page,
    firstParam: 3,
    fetch: async (keyset) =>
      (
        await db.query<{ id: string; email_normalized: string; role: TenantRole; expires_at: Date; invited_by: string | null; created: string }>(
          `SELECT i.id, i.email_normalized, i.role, i.expires_at, u.email AS invited_by, i.created_at::text AS created
           FROM invitations i LEFT JOIN users u ON u.id = i.invited_by
           WHERE i.tenant_id = $1 AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > $2 AND ${keyset.where}
           ORDER BY ${keyset.orderBy} LIMIT ${keyset.limit}`,
          [tenantId, clock.now(), ...keyset.params],
        )
      ).rows,
    keyOf: (row) => [row.created, row.id],
    toItem: (row) => ({ id: row.id, email: row.email_normalized, role: row.role, expiresAt: row.expires_at, invitedBy: row.invited_by }),
  });
}
