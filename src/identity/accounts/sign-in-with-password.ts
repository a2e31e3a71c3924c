import { AppError } from '../../platform/errors/index.js';
import { enforceRateLimits, type RateLimitHit } from '../../platform/rate-limit/index.js';
import type { IdentityDeps } from '../identity-deps.js';
import { hashPassword, needsRehash, verifyPassword } from '../passwords/password-hashing.js';
import { IDENTITY_RATE_LIMITS } from '../rate-limit-rules.js';
import { deviceTokenOptions, type KnownDevice, verifyDeviceToken } from '../sessions/device-token.js';
import { recordSecurityEvent } from '../security-events.js';
import { normalizeEmail } from './normalize-email.js';

export interface PasswordSignInInput {
  readonly email: string;
  readonly password: string;
  /** Normalised client address (IPv6 by /64), the per-address rate-limit key. */
  readonly addressKey: string;
  /** The client's address as seen, for the audit entry of a failure. */
  readonly clientAddress?: string;
  /** The browser's device cookie, if it has one (a past successful sign-in). */
  readonly deviceToken?: string | undefined;
}

export interface PasswordSignIn {
  readonly userId: string;
  /**
   * Clears the failure counter this attempt was counted on (the known device's, else the
   * account's). Left to the caller, who runs it alongside starting the session (the two writes
   * overlap instead of queueing); call it only once the sign-in stands.
   */
  readonly clearFailures: () => Promise<void>;
}

interface UserRow {
  id: string;
  password_hash: string | null;
  email_verified_at: Date | null;
  disabled_at: Date | null;
  devices_trusted_after: Date | null;
}

/**
 * Checks an email and password. The attempt is counted before the password is checked, so
 * parallel guesses all count; an unknown address costs one argon2id verification like a wrong
 * password, and both fail with the same code and message.
 *
 * Device cookies (OWASP): an attempt from a browser whose device cookie vouches for this very
 * account is counted on that device's own counter; every other attempt on the account's counter
 * for unknown clients. So strangers can lock out unknown clients, never the owner's known
 * browsers, and a stolen device cookie locks only itself. The per-address ceiling counts both;
 * the installation-wide ceiling counts unknown clients only. A password reset ends the trust of
 * every device cookie issued before it.
 */
export async function signInWithPassword(deps: IdentityDeps, input: PasswordSignInInput): Promise<PasswordSignIn> {
  const emailNormalized = normalizeEmail(input.email);
  const findUser = () =>
    deps.db
      .query<UserRow>('SELECT id, password_hash, email_verified_at, disabled_at, devices_trusted_after FROM users WHERE email_normalized = $1', [emailNormalized])
      .then(({ rows }) => rows[0]);
  const device = input.deviceToken ? await verifyDeviceToken(deviceTokenOptions(deps), input.deviceToken) : null;
  // Without a device cookie, the lookup runs beside the counting (one round trip, not two).
  // With one, which counter applies depends on the account, so the lookup comes first.
  const known = device ? await findUser() : undefined;
  const knownDevice = device !== null && known !== undefined && isTrustedDevice(device, known);
  const failures: RateLimitHit = knownDevice
    ? { rule: IDENTITY_RATE_LIMITS.signInDevice, key: device.nonce }
    : { rule: IDENTITY_RATE_LIMITS.signInAccount, key: emailNormalized };
  const ceilings: RateLimitHit[] = [{ rule: IDENTITY_RATE_LIMITS.signInAddress, key: input.addressKey }];
  if (!knownDevice) ceilings.push({ rule: IDENTITY_RATE_LIMITS.signInUnknownClients, key: 'installation' });
  // No password is checked until the attempt is on every counter.
  const [, user] = await Promise.all([
    enforceRateLimits(deps.rateLimiter, [failures, ...ceilings]),
    device ? known : findUser(),
  ]);
  const valid = await verifyPassword(user?.password_hash ?? null, input.password);
  if (!user || !valid || user.disabled_at) {
    // The typed address is not kept for an unknown account: it may be a password typed in the wrong box.
    const actor = user ? ({ type: 'user', id: user.id } as const) : ({ type: 'anonymous' } as const);
    const target = user ? { type: 'user', id: user.id } : null;
    await recordSecurityEvent(deps, { actor, action: 'auth.sign_in.failed', target, clientAddress: input.clientAddress ?? null, metadata: { known_account: Boolean(user) } });
    throw new AppError('auth.invalid_credentials');
  }
  if (!user.email_verified_at) throw new AppError('auth.email_unverified');

  if (user.password_hash && needsRehash(user.password_hash)) {
    await deps.db.query('UPDATE users SET password_hash = $2 WHERE id = $1', [user.id, await hashPassword(input.password)]);
  }
  return { userId: user.id, clearFailures: () => deps.rateLimiter.reset(failures.rule, failures.key) };
}

/** A device cookie vouches for the account it was issued for, and only if no password reset came after it. */
function isTrustedDevice(device: KnownDevice, user: UserRow): boolean {
  if (device.userId !== user.id) return false;
  return !user.devices_trusted_after || device.issuedAt.getTime() > user.devices_trusted_after.getTime();
}
