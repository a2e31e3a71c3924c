import { AppError } from '../../platform/errors/index.js';
import { appendAudit } from '../../platform/audit/index.js';
import { enforceRateLimits } from '../../platform/rate-limit/index.js';
import type { IdentityDeps } from '../identity-deps.js';
import { IDENTITY_RATE_LIMITS } from '../rate-limit-rules.js';
import { hashSecret } from '../sessions/session-store.js';
import { emailChangedEmail } from './account-emails.js';
import { sendAfterResponse } from './send-mail.js';

export interface ConfirmEmailChangeInput {
  /** The signed-in user: the link works only in the session of the account that asked. */
  readonly userId: string;
  readonly token: string;
  readonly addressKey: string;
}

/**
 * Moves the account to the new address its emailed link names, and marks it verified: the link
 * proves the mailbox, the session proves the account. Someone else who opens the link (the owner
 * of the address, lured into clicking) gets `auth.invalid_token` and nothing changes. The address
 * is checked again here, under the unique key, in case another account took it meanwhile.
 */
export async function confirmEmailChange(deps: IdentityDeps, input: ConfirmEmailChangeInput): Promise<{ email: string }> {
  await enforceRateLimits(deps.rateLimiter, [{ rule: IDENTITY_RATE_LIMITS.tokenRedeemAddress, key: input.addressKey }]);
  const now = deps.clock.now();
  const outcome = await deps.db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: string; new_email: string; new_email_normalized: string; old_email: string }>(
      `SELECT c.id, c.new_email, c.new_email_normalized, u.email AS old_email
       FROM email_changes c JOIN users u ON u.id = c.user_id
       WHERE c.token_hash = $1 AND c.user_id = $2 AND c.confirmed_at IS NULL AND c.closed_at IS NULL AND c.expires_at > $3
       FOR UPDATE OF c, u`,
      [hashSecret(input.token), input.userId, now],
    );
    const change = rows[0];
    if (!change) return { result: 'invalid' as const };
    // Serialised with sign-ups and other changes by the unique key itself: whoever commits second fails.
    await tx.query('SAVEPOINT move');
    try {
      await tx.query('UPDATE users SET email = $2, email_normalized = $3, email_verified_at = $4 WHERE id = $1', [
        input.userId,
        change.new_email,
        change.new_email_normalized,
        now,
      ]);
    } catch (error) {
      if ((error as { code?: string }).code !== '23505') throw error;
      await tx.query('ROLLBACK TO SAVEPOINT move');
      await tx.query('UPDATE email_changes SET closed_at = $2 WHERE id = $1', [change.id, now]);
      return { result: 'taken' as const };
    }
    await tx.query('UPDATE email_changes SET confirmed_at = $2 WHERE id = $1', [change.id, now]);
    // The addresses are not written: the entry says that it changed, the user row says to what.
    await appendAudit(tx, { actor: { type: 'user', id: input.userId }, action: 'auth.email.changed', target: { type: 'user', id: input.userId } }, now);
    // Links mailed to the old address no longer prove this account's mailbox.
    await tx.query('UPDATE email_tokens SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL', [input.userId, now]);
    return { result: 'moved' as const, oldEmail: change.old_email, email: change.new_email };
  });
  if (outcome.result === 'invalid') throw new AppError('auth.invalid_token');
  if (outcome.result === 'taken') throw new AppError('account.email_taken');
  sendAfterResponse(deps, emailChangedEmail(deps.config.publicUrl, outcome.oldEmail));
  return { email: outcome.email };
}
