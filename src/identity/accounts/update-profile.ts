import { enforceRateLimits } from '../../platform/rate-limit/index.js';
import { AppError } from '../../platform/errors/index.js';
import type { IdentityDeps } from '../identity-deps.js';
import { requireFreshAuth } from '../mfa-policy/require-fresh-auth.js';
import { IDENTITY_RATE_LIMITS } from '../rate-limit-rules.js';
import { addressInUseEmail, emailChangedEmail, verificationEmail } from './account-emails.js';
import { createEmailToken } from './email-tokens.js';
import { normalizeEmail } from './normalize-email.js';
import { sendAfterResponse } from './send-mail.js';

export interface UpdateProfileInput {
  readonly userId: string;
  readonly sessionId: string;
  /** `null` clears the name; absent leaves it. */
  readonly displayName?: string | null;
  readonly email?: string;
  readonly addressKey: string;
}

export type UpdateProfileResult = { status: 'updated' } | { status: 'verification_sent' };

/**
 * Updates the display name and the email address. There is deliberately no way to set
 * `email_verified_at` here: a new address starts unverified and only its emailed link verifies
 * it. Changing the address needs a fresh sign-in, and an address owned by another account is
 * refused with the same answer as success (its owner gets a notice), so the profile form
 * cannot be used to probe who is registered.
 */
export async function updateProfile(deps: IdentityDeps, input: UpdateProfileInput): Promise<UpdateProfileResult> {
  const { rows } = await deps.db.query<{ email: string; email_normalized: string }>('SELECT email, email_normalized FROM users WHERE id = $1', [input.userId]);
  const user = rows[0];
  if (!user) throw new AppError('auth.required');
  const newEmail = input.email?.trim();
  const changesEmail = newEmail !== undefined && normalizeEmail(newEmail) !== user.email_normalized;
  if (changesEmail) {
    await requireFreshAuth(deps, input.userId, input.sessionId);
    await enforceRateLimits(deps.rateLimiter, [
      { rule: IDENTITY_RATE_LIMITS.emailLinkAccount, key: input.userId },
      { rule: IDENTITY_RATE_LIMITS.emailLinkAddress, key: input.addressKey },
    ]);
  }

  if (input.displayName !== undefined) {
    await deps.db.query('UPDATE users SET display_name = $2 WHERE id = $1', [input.userId, input.displayName || null]);
  }
  if (!changesEmail) return { status: 'updated' };

  const token = await moveToAddress(deps, input.userId, newEmail);
  if (token) {
    sendAfterResponse(deps, verificationEmail(deps.config.publicUrl, newEmail, token));
    sendAfterResponse(deps, emailChangedEmail(deps.config.publicUrl, user.email));
  } else {
    sendAfterResponse(deps, addressInUseEmail(deps.config.publicUrl, newEmail));
  }
  return { status: 'verification_sent' };
}

/** Moves the account to a new, unverified address; null when another account holds it. */
async function moveToAddress(deps: IdentityDeps, userId: string, email: string): Promise<string | null> {
  const emailNormalized = normalizeEmail(email);
  try {
    return await deps.db.transaction(async (tx) => {
      const now = deps.clock.now();
      const moved = await tx.query(
        `UPDATE users SET email = $2, email_normalized = $3, email_verified_at = NULL
         WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM users other WHERE other.email_normalized = $3 AND other.id <> $1)`,
        [userId, email, emailNormalized],
      );
      if (moved.rowCount !== 1) return null;
      // Links mailed to the old address stop working: they no longer prove this account's mailbox.
      await tx.query('UPDATE email_tokens SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL', [userId, now]);
      return createEmailToken(tx, deps.clock, { userId, purpose: 'verify_email', emailNormalized });
    });
  } catch (error) {
    // Two accounts racing to the same address: the unique key refuses the second, which is "taken".
    if ((error as { code?: string }).code === '23505') return null;
    throw error;
  }
}
