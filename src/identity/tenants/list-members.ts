import type { Clock } from '../../platform/clock.js';
import type { Queryable } from '../../platform/db/index.js';
import { requireMembership, type TenantActor, type TenantRole } from './tenant-access.js';

export interface TenantMember {
  readonly userId: string;
  readonly email: string;
  readonly displayName: string | null;
  readonly role: TenantRole;
  readonly joinedAt: Date;
}

export interface PendingInvitation {
  readonly id: string;
  readonly email: string;
  readonly role: TenantRole;
  readonly expiresAt: Date;
  /** The inviter's address, or null if their account is gone. */
  readonly invitedBy: string | null;
}

export interface TenantMembers {
  /** The actor's role, read now rather than from the token, which may be minutes old. */
  readonly viewerRole: TenantRole;
  readonly members: TenantMember[];
  /** Pending invitations, for owners and admins only: invited addresses are not every member's business. */
  readonly invitations: PendingInvitation[];
}

/** The members (and, for owners and admins, pending invitations) of the actor's active tenant. */
export async function listMembers(db: Queryable, clock: Clock, actor: TenantActor): Promise<TenantMembers> {
  const { tenantId, role: viewerRole } = await requireMembership(db, actor);
  const members = await db.query<{ user_id: string; email: string; display_name: string | null; role: TenantRole; created_at: Date }>(
    `SELECT m.user_id, u.email, u.display_name, m.role, m.created_at
     FROM memberships m JOIN users u ON u.id = m.user_id
     WHERE m.tenant_id = $1 ORDER BY m.created_at, u.email_normalized`,
    [tenantId],
  );
  const canManage = viewerRole === 'owner' || viewerRole === 'admin';
  const invitations = !canManage
    ? { rows: [] }
    : await db.query<{ id: string; email_normalized: string; role: TenantRole; expires_at: Date; invited_by: string | null }>(
    `SELECT i.id, i.email_normalized, i.role, i.expires_at, u.email AS invited_by
     FROM invitations i LEFT JOIN users u ON u.id = i.invited_by
     WHERE i.tenant_id = $1 AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > $2
     ORDER BY i.created_at`,
    [tenantId, clock.now()],
  );
  return {
    viewerRole,
    members: members.rows.map((row) => ({ userId: row.user_id, email: row.email, displayName: row.display_name, role: row.role, joinedAt: row.created_at })),
    invitations: invitations.rows.map((row) => ({ id: row.id, email: row.email_normalized, role: row.role, expiresAt: row.expires_at, invitedBy: row.invited_by })),
  };
}
