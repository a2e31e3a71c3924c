import { AppError } from '../../platform/errors/index.js';
import { enforceRateLimits } from '../../platform/rate-limit/index.js';
import type { IdentityDeps } from '../identity-deps.js';
import { hashPassword, needsRehash, verifyPassword } from '../passwords/password-hashing.js';
import { IDENTITY_RATE_LIMITS } from '../rate-limit-rules.js';
import { normalizeEmail } from './normalize-email.js';

export interface PasswordSignInInput {
  readonly email: string;
  readonly password: string;
  /** Normalised client address (IPv6 by /64), the per-address rate-limit key. */
  readonly addressKey: string;
}

export interface PasswordSignIn {
  readonly userId: string;
  /**
   * Clears the account's failure counter. Left to the caller, who runs it alongside starting the
   * session (the two writes overlap instead of queueing); call it only once the sign-in stands.
   */
  readonly clearFailures: () => Promise<void>;
}

/**
 * Checks an email and password. The attempt is counted before the password is checked, so
 * parallel guesses all count; an unknown address costs one argon2id verification like a wrong
 * password, and both fail with the same code and message.
 */
export async function signInWithPassword(deps: IdentityDeps, input: PasswordSignInInput): Promise<PasswordSignIn> {
  const emailNormalized = normalizeEmail(input.email);
  // The lookup runs beside the counting (one round trip, not two); no password is checked
  // until the attempt is on both counters.
  const [, { rows }] = await Promise.all([
    enforceRateLimits(deps.rateLimiter, [
      { rule: IDENTITY_RATE_LIMITS.signInAccount, key: emailNormalized },
      { rule: IDENTITY_RATE_LIMITS.signInAddress, key: input.addressKey },
    ]),
    deps.db.query<{ id: string; password_hash: string | null; email_verified_at: Date | null; disabled_at: Date | null }>(
      'SELECT id, password_hash, email_verified_at, disabled_at FROM users WHERE email_normalized = $1',
      [emailNormalized],
    ),
  ]);
  const user = rows[0];
  const valid = await verifyPassword(user?.password_hash ?? null, input.password);
  if (!user || !valid || user.disabled_at) throw new AppError('auth.invalid_credentials');
  if (!user.email_verified_at) throw new AppError('auth.email_unverified');

  if (user.password_hash && needsRehash(user.password_hash)) {
    await deps.db.query('UPDATE users SET password_hash = $2 WHERE id = $1', [user.id, await hashPassword(input.password)]);
  }
  return { userId: user.id, clearFailures: () => deps.rateLimiter.reset(IDENTITY_RATE_LIMITS.signInAccount, emailNormalized) };
}
