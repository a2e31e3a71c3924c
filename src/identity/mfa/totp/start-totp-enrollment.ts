import { randomUUID } from 'node:crypto';
import { lockUserForFactorChange } from '../lock-user.js';
import type { MfaDeps } from '../mfa-deps.js';
import { mfaError } from '../mfa-error.js';
import { newTotpSecretBase32, sealTotpSecret, totpUri } from './totp-secret.js';

export interface StartTotpEnrollmentOptions {
  readonly userId: string;
  /** Shown in the authenticator app next to the issuer, usually the email address. */
  readonly accountName: string;
}

export interface TotpEnrollment {
  readonly factorId: string;
  /** `otpauth://totp/…`, for the QR code (`totpQrSvg`). */
  readonly otpauthUri: string;
  /** For typing into an app by hand; shown once, stored only encrypted. */
  readonly secretBase32: string;
}

/**
 * Starts setting up an authenticator app: a fresh 160-bit secret in an unconfirmed factor, which
 * replaces any earlier unconfirmed one. Refused while a confirmed factor exists: the user removes
 * the old app first (itself a factor change the caller guards with a fresh MFA proof).
 */
export async function startTotpEnrollment(deps: Pick<MfaDeps, 'db' | 'keyring' | 'clock' | 'rp'>, options: StartTotpEnrollmentOptions): Promise<TotpEnrollment> {
  const factorId = randomUUID();
  const secretBase32 = newTotpSecretBase32();
  await deps.db.transaction(async (tx) => {
    await lockUserForFactorChange(tx, options.userId);
    const confirmed = await tx.query('SELECT 1 FROM totp_factors WHERE user_id = $1 AND confirmed_at IS NOT NULL', [options.userId]);
    if (confirmed.rowCount) throw mfaError('mfa.totp_already_enrolled');
    await tx.query('DELETE FROM totp_factors WHERE user_id = $1 AND confirmed_at IS NULL', [options.userId]);
    await tx.query('INSERT INTO totp_factors (id, user_id, secret_encrypted, created_at) VALUES ($1, $2, $3, $4)', [
      factorId,
      options.userId,
      sealTotpSecret(deps.keyring, secretBase32, factorId),
      deps.clock.now(),
    ]);
  });
  return { factorId, otpauthUri: totpUri(secretBase32, deps.rp.name, options.accountName), secretBase32 };
}
