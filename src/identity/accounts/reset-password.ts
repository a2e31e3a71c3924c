import type { Queryable } from '../../platform/db/index.js';
import { appendAudit } from '../../platform/audit/index.js';
import { AppError } from '../../platform/errors/index.js';
import { enforceRateLimits } from '../../platform/rate-limit/index.js';
import type { IdentityDeps } from '../identity-deps.js';
import { hashPassword } from '../passwords/password-hashing.js';
import { IDENTITY_RATE_LIMITS } from '../rate-limit-rules.js';
import { revokeUserSessions } from '../sessions/session-store.js';
import { consumeEmailToken } from './email-tokens.js';

export interface ResetPasswordInput {
  readonly token: string;
  /** Already checked against the password policy at the edge. */
  readonly password: string;
  readonly addressKey: string;
}

/**
 * Sets a new password from an emailed reset token (single use, 30 minutes). Every session and
 * personal access token of the user ends, and no device cookie issued before is trusted any more:
 * whoever knew the old password is out. The link also proves control of the
 * mailbox, so the address is marked verified, but only if the token was sent to the current one.
 * When that is the first proof the address ever had, every factor (authenticator app, passkeys,
 * recovery codes) and pending email change goes too: whoever set them up never proved they own
 * the address, and may be an attacker who signed up with it first (the account pre-hijack).
 */
export async function resetPassword(deps: IdentityDeps, input: ResetPasswordInput): Promise<void> {
  await enforceRateLimits(deps.rateLimiter, [{ rule: IDENTITY_RATE_LIMITS.tokenRedeemAddress, key: input.addressKey }]);
  const passwordHash = await hashPassword(input.password);
  const reset = await deps.db.transaction(async (tx) => {
    const spent = await consumeEmailToken(tx, deps.clock, 'reset_password', input.token);
    if (!spent) return null;
    const now = deps.clock.now();
    const before = await tx.query<{ first_verification: boolean }>(
      'SELECT email_verified_at IS NULL AND email_normalized = $2 AS first_verification FROM users WHERE id = $1 FOR UPDATE',
      [spent.userId, spent.emailNormalized],
    );
    const updated = await tx.query<{ email_normalized: string }>(
      `UPDATE users SET password_hash = $2, password_changed_at = $4, devices_trusted_after = $4,
         email_verified_at = CASE WHEN email_normalized = $3 THEN coalesce(email_verified_at, $4) ELSE email_verified_at END
       WHERE id = $1 AND disabled_at IS NULL
       RETURNING email_normalized`,
      [spent.userId, passwordHash, spent.emailNormalized, now],
    );
    if (updated.rowCount !== 1) return null;
    // Any other reset link in a mailbox is now stale.
    await tx.query("UPDATE email_tokens SET used_at = $2 WHERE user_id = $1 AND purpose = 'reset_password' AND used_at IS NULL", [spent.userId, now]);
    await revokeUserSessions(tx, deps.clock, spent.userId);
    // A token made by whoever held the password (inside the enrolment grace window a password is
    // all it takes) would outlive every session: the reset ends them too.
    await tx.query('UPDATE api_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL', [spent.userId, now]);
    await appendAudit(tx, { actor: { type: 'user', id: spent.userId }, action: 'auth.password.reset', target: { type: 'user', id: spent.userId } }, now);
    if (before.rows[0]?.first_verification) await removeUnprovenFactors(tx, spent.userId, now);
    return { emailNormalized: updated.rows[0]!.email_normalized };
  });
  if (!reset) throw new AppError('auth.invalid_token');
  // The owner proved the mailbox and chose a new password: lift a sign-in lockout on the account.
  await deps.rateLimiter.reset(IDENTITY_RATE_LIMITS.signInAccount, reset.emailNormalized);
}

/** Everything set up on an account before anyone proved its address. */
async function removeUnprovenFactors(tx: Queryable, userId: string, now: Date): Promise<void> {
  await tx.query('DELETE FROM totp_factors WHERE user_id = $1', [userId]);
  await tx.query('DELETE FROM passkeys WHERE user_id = $1', [userId]);
  await tx.query('DELETE FROM recovery_codes WHERE user_id = $1', [userId]);
  await tx.query('UPDATE email_changes SET closed_at = $2 WHERE user_id = $1 AND confirmed_at IS NULL AND closed_at IS NULL', [userId, now]);
}
