import { randomBytes } from 'node:crypto';
import { appendAudit } from '../../platform/audit/index.js';
import { AppError } from '../../platform/errors/index.js';
import { enforceRateLimits } from '../../platform/rate-limit/index.js';
import { invitationEmail } from '../accounts/account-emails.js';
import { normalizeEmail } from '../accounts/normalize-email.js';
import { sendAfterResponse } from '../accounts/send-mail.js';
import { addDays } from '../identity-time.js';
import type { IdentityDeps } from '../identity-deps.js';
import { IDENTITY_RATE_LIMITS } from '../rate-limit-rules.js';
import { hashSecret } from '../sessions/session-store.js';
import { enforceIdentityQuota } from './tenant-quotas.js';
import { assertMayTouchOwners, lockTenantAsManager, type TenantActor, type TenantRole } from './tenant-access.js';

const INVITATION_TTL_DAYS = 7;

export interface InviteMemberInput {
  readonly email: string;
  readonly role: TenantRole;
}

export interface CreatedInvitation {
  readonly id: string;
  readonly email: string;
  readonly role: TenantRole;
  readonly expiresAt: Date;
}

/**
 * Invites an address into the actor's active tenant with a role, by an emailed link valid for
 * seven days (only its hash is stored). Owners and admins invite; only owners invite owners.
 * A pending invitation to the same address is replaced, so only the newest link works.
 */
export async function inviteMember(deps: IdentityDeps, actor: TenantActor, input: InviteMemberInput): Promise<CreatedInvitation> {
  const emailNormalized = normalizeEmail(input.email);
  const token = randomBytes(32).toString('base64url');
  // Each invitation mails an address the inviter chose: cap the mail one account can cause.
  // Counted before the transaction: the PostgreSQL limiter takes a pool connection of its own,
  // and taking it while holding one deadlocks the pool when every connection waits on the tenant lock.
  await enforceRateLimits(deps.rateLimiter, [{ rule: IDENTITY_RATE_LIMITS.invitationUser, key: actor.userId }]);
  const invited = await deps.db.transaction(async (tx) => {
    const { tenantId, role: actorRole } = await lockTenantAsManager(tx, actor);
    assertMayTouchOwners(actorRole, input.role);
    const member = await tx.query(
      'SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.tenant_id = $1 AND u.email_normalized = $2',
      [tenantId, emailNormalized],
    );
    if (member.rowCount) throw new AppError('invitation.already_member');
    const now = deps.clock.now();
    await tx.query(
      'UPDATE invitations SET revoked_at = $3 WHERE tenant_id = $1 AND email_normalized = $2 AND accepted_at IS NULL AND revoked_at IS NULL',
      [tenantId, emailNormalized, now],
    );
    // After the replaced invitation is revoked: inviting the same address again takes no new seat.
    for (const quota of ['tenant.members', 'tenant.pending_invitations', 'tenant.emails_per_hour'] as const) {
      await enforceIdentityQuota(deps.quotas, tx, deps.clock, quota, tenantId);
    }
    const expiresAt = addDays(now, INVITATION_TTL_DAYS);
    const { rows } = await tx.query<{ id: string; name: string }>(
      `INSERT INTO invitations (tenant_id, email_normalized, role, token_hash, invited_by, expires_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       RETURNING id, (SELECT name FROM tenants WHERE id = $1) AS name`,
      [tenantId, emailNormalized, input.role, hashSecret(token), actor.userId, expiresAt, now],
    );
    const invitationId = rows[0]!.id;
    // The role only: the invited address stays out of the append-only log.
    const entry = { actor: { type: 'user', id: actor.userId }, action: 'tenant.invitation.sent', target: { type: 'invitation', id: invitationId }, tenantId, metadata: { role: input.role } } as const;
    await appendAudit(tx, entry, now);
    return { id: invitationId, tenantName: rows[0]!.name, expiresAt };
  });
  sendAfterResponse(deps, invitationEmail(deps.config.publicUrl, emailNormalized, invited.tenantName, input.role, token));
  return { id: invited.id, email: emailNormalized, role: input.role, expiresAt: invited.expiresAt };
}
