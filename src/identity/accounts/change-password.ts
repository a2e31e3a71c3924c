import { AppError } from '../../platform/errors/index.js';
import { appendAudit } from '../../platform/audit/index.js';
import { enforceRateLimits } from '../../platform/rate-limit/index.js';
import type { IdentityDeps } from '../identity-deps.js';
import { hashPassword, verifyPassword } from '../passwords/password-hashing.js';
import { IDENTITY_RATE_LIMITS } from '../rate-limit-rules.js';
import { revokeUserSessions } from '../sessions/session-store.js';

export interface ChangePasswordInput {
  readonly userId: string;
  /** The session making the change: the only one that survives it. */
  readonly sessionId: string;
  readonly currentPassword: string;
  /** Already checked against the password policy at the edge. */
  readonly newPassword: string;
  readonly addressKey: string;
}

/**
 * Replaces the password after checking the current one, and ends every other session of the
 * user. Guesses at the current password count against the same per-account budget as sign-in,
 * so a stolen session cannot be used to brute-force the password beside the sign-in limit.
 */
export async function changePassword(deps: IdentityDeps, input: ChangePasswordInput): Promise<void> {
  const { rows } = await deps.db.query<{ email_normalized: string; password_hash: string | null }>(
    'SELECT email_normalized, password_hash FROM users WHERE id = $1 AND disabled_at IS NULL',
    [input.userId],
  );
  const user = rows[0];
  if (!user) throw new AppError('auth.required');
  await enforceRateLimits(deps.rateLimiter, [
    { rule: IDENTITY_RATE_LIMITS.signInAccount, key: user.email_normalized },
    { rule: IDENTITY_RATE_LIMITS.signInAddress, key: input.addressKey },
  ]);
  if (!(await verifyPassword(user.password_hash, input.currentPassword))) throw new AppError('account.current_password_incorrect');

  const passwordHash = await hashPassword(input.newPassword);
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    await tx.query('UPDATE users SET password_hash = $2, password_changed_at = $3 WHERE id = $1', [input.userId, passwordHash, now]);
    // A reset link requested before the change would otherwise still undo it.
    await tx.query("UPDATE email_tokens SET used_at = $2 WHERE user_id = $1 AND purpose = 'reset_password' AND used_at IS NULL", [input.userId, now]);
    await revokeUserSessions(tx, deps.clock, input.userId, { except: input.sessionId });
    await appendAudit(tx, { actor: { type: 'user', id: input.userId }, action: 'auth.password.changed', target: { type: 'user', id: input.userId } }, now);
  });
}
