import type { IdentityDeps } from '../../identity-deps.js';
import type { TenantRole } from './load-viewer.js';

export interface MemberRow {
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
  readonly invitedBy: string | null;
}

export interface TenantMembers {
  /** The viewer's role, read now rather than from the token, which may be minutes old. */
  readonly viewerRole: TenantRole;
  readonly members: readonly MemberRow[];
  /** Pending invitations; only owners and admins see them. */
  readonly invitations: readonly PendingInvitation[];
}

/**
 * The members page of the active tenant, or null when the viewer is no longer a member of it.
 * Every query is bound to that one tenant id.
 */
export async function loadMembers(deps: Pick<IdentityDeps, 'db' | 'clock'>, tenantId: string, viewerId: string): Promise<TenantMembers | null> {
  const viewer = await deps.db.query<{ role: TenantRole }>('SELECT role FROM memberships WHERE tenant_id = $1 AND user_id = $2', [tenantId, viewerId]);
  const viewerRole = viewer.rows[0]?.role;
  if (!viewerRole) return null;
  const members = await deps.db.query<{ user_id: string; email: string; display_name: string | null; role: TenantRole; created_at: Date }>(
    `SELECT u.id AS user_id, u.email, u.display_name, m.role, m.created_at
     FROM memberships m JOIN users u ON u.id = m.user_id
     WHERE m.tenant_id = $1
     ORDER BY m.created_at, u.id`,
    [tenantId],
  );
  const canManage = viewerRole === 'owner' || viewerRole === 'admin';
  const invitations = canManage
    ? await deps.db.query<{ id: string; email_normalized: string; role: TenantRole; expires_at: Date; invited_by: string | null }>(
        `SELECT i.id, i.email_normalized, i.role, i.expires_at, inviter.email AS invited_by
         FROM invitations i LEFT JOIN users inviter ON inviter.id = i.invited_by
         WHERE i.tenant_id = $1 AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > $2
         ORDER BY i.created_at, i.id`,
        [tenantId, deps.clock.now()],
      )
    : { rows: [] };
  return {
    viewerRole,
    members: members.rows.map((row) => ({ userId: row.user_id, email: row.email, displayName: row.display_name, role: row.role, joinedAt: row.created_at })),
    invitations: invitations.rows.map((row) => ({ id: row.id, email: row.email_normalized, role: row.role, expiresAt: row.expires_at, invitedBy: row.invited_by })),
  };
}
