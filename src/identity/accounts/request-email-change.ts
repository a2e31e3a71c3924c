import { randomBytes } from 'node:crypto';
import { enforceRateLimits } from '../../platform/rate-limit/index.js';
import type { IdentityDeps } from '../identity-deps.js';
import { requireFreshAuth } from '../mfa-policy/require-fresh-auth.js';
import { IDENTITY_RATE_LIMITS } from '../rate-limit-rules.js';
import { hashSecret } from '../sessions/session-store.js';
import { addressInUseEmail, emailChangeConfirmationEmail, emailChangeRequestedEmail } from './account-emails.js';
import { normalizeEmail } from './normalize-email.js';
import { sendAfterResponse } from './send-mail.js';

/** How long the confirmation link mailed to the new address works. */
export const EMAIL_CHANGE_TTL_MS = 24 * 3600_000;

export interface RequestEmailChangeInput {
  readonly userId: string;
  readonly sessionId: string;
  readonly email: string;
  readonly addressKey: string;
}

/**
 * Asks to move the account to a new sign-in address. Nothing changes yet: the new address gets a
 * single-use link (24 hours) that confirms the move, and the old address, still the sign-in
 * address, is told about the request. A newer request replaces an older one. An address another
 * account holds gets the same answer (its owner is told instead), so the form cannot probe who is
 * registered. Needs a fresh sign-in, like any change of how the account is reached.
 */
export async function requestEmailChange(deps: IdentityDeps, input: RequestEmailChangeInput): Promise<{ status: 'confirmation_sent' }> {
  await requireFreshAuth(deps, input.userId, input.sessionId);
  await enforceRateLimits(deps.rateLimiter, [
    { rule: IDENTITY_RATE_LIMITS.emailLinkAccount, key: input.userId },
    { rule: IDENTITY_RATE_LIMITS.emailLinkAddress, key: input.addressKey },
  ]);
  const newEmail = input.email.trim();
  const newEmailNormalized = normalizeEmail(newEmail);
  const token = randomBytes(32).toString('base64url');
  const now = deps.clock.now();

  const outcome = await deps.db.transaction(async (tx) => {
    const { rows } = await tx.query<{ email: string; taken: boolean }>(
      `SELECT u.email, EXISTS (SELECT 1 FROM users other WHERE other.email_normalized = $2) AS taken FROM users u WHERE u.id = $1 FOR NO KEY UPDATE`,
      [input.userId, newEmailNormalized],
    );
    const user = rows[0];
    if (!user) return null;
    await tx.query('UPDATE email_changes SET closed_at = $2 WHERE user_id = $1 AND confirmed_at IS NULL AND closed_at IS NULL', [input.userId, now]);
    if (user.taken) return { oldEmail: user.email, taken: true };
    await tx.query(
      `INSERT INTO email_changes (user_id, new_email, new_email_normalized, token_hash, expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [input.userId, newEmail, newEmailNormalized, hashSecret(token), new Date(now.getTime() + EMAIL_CHANGE_TTL_MS), now],
    );
    return { oldEmail: user.email, taken: false };
  });
  if (!outcome) return { status: 'confirmation_sent' };
  sendAfterResponse(deps, emailChangeRequestedEmail(deps.config.publicUrl, outcome.oldEmail, newEmail));
  sendAfterResponse(deps, outcome.taken ? addressInUseEmail(deps.config.publicUrl, newEmail) : emailChangeConfirmationEmail(deps.config.publicUrl, newEmail, token));
  return { status: 'confirmation_sent' };
}
