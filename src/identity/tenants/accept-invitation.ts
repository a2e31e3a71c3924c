import { appendAudit } from '../../platform/audit/index.js';
import { AppError } from '../../platform/errors/index.js';
import { enforceRateLimits } from '../../platform/rate-limit/index.js';
import type { IdentityDeps } from '../identity-deps.js';
import { IDENTITY_RATE_LIMITS } from '../rate-limit-rules.js';
import { hashSecret } from '../sessions/session-store.js';
import type { SessionClaims } from '../sessions/session-token.js';
import type { MyTenant } from './list-my-tenants.js';
import { moveSessionToTenant } from './move-session-to-tenant.js';
import type { TenantRole } from './tenant-access.js';

export interface AcceptInvitationInput {
  readonly userId: string;
  readonly sessionId: string;
  readonly token: string;
  readonly addressKey: string;
}

/**
 * Joins a tenant from an emailed invitation and makes it the session's active tenant. Holding
 * the link is not enough: the signed-in user's address must be the invited one and verified,
 * so a forwarded or leaked link cannot be redeemed by another account. A refused attempt does
 * not spend the invitation; a successful one does, once.
 */
export async function acceptInvitation(deps: IdentityDeps, input: AcceptInvitationInput): Promise<{ tenant: MyTenant; token: string; claims: SessionClaims }> {
  await enforceRateLimits(deps.rateLimiter, [{ rule: IDENTITY_RATE_LIMITS.tokenRedeemAddress, key: input.addressKey }]);
  const joined = await deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const { rows } = await tx.query<{ id: string; tenant_id: string; tenant_name: string; email_normalized: string; role: TenantRole; disabled: boolean }>(
      `SELECT i.id, i.tenant_id, t.name AS tenant_name, i.email_normalized, i.role, t.disabled_at IS NOT NULL AS disabled
       FROM invitations i JOIN tenants t ON t.id = i.tenant_id
       WHERE i.token_hash = $1 AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > $2
       FOR UPDATE OF i`,
      [hashSecret(input.token), now],
    );
    const invitation = rows[0];
    if (!invitation) throw new AppError('invitation.invalid');
    const user = await tx.query<{ email_normalized: string; email_verified_at: Date | null }>(
      'SELECT email_normalized, email_verified_at FROM users WHERE id = $1',
      [input.userId],
    );
    if (!user.rows[0]?.email_verified_at) throw new AppError('invitation.email_unverified');
    if (user.rows[0].email_normalized !== invitation.email_normalized) throw new AppError('invitation.email_mismatch');

    await tx.query('UPDATE invitations SET accepted_at = $2 WHERE id = $1', [invitation.id, now]);
    // Already a member (joined meanwhile some other way): keep the role they have.
    const membership = await tx.query<{ role: TenantRole }>(
      `INSERT INTO memberships (tenant_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant_id, user_id) DO UPDATE SET role = memberships.role
       RETURNING role`,
      [invitation.tenant_id, input.userId, invitation.role, now],
    );
    const role = membership.rows[0]!.role;
    const entry = { actor: { type: 'user', id: input.userId }, action: 'tenant.invitation.accepted', target: { type: 'invitation', id: invitation.id }, tenantId: invitation.tenant_id, metadata: { role } } as const;
    await appendAudit(tx, entry, now);
    return { id: invitation.tenant_id, name: invitation.tenant_name, role, active: true, disabled: invitation.disabled };
  });
  const issued = await moveSessionToTenant(deps, { userId: input.userId, sessionId: input.sessionId, tenantId: joined.id });
  return { tenant: joined, ...issued };
}
