import type { MfaDeps } from '../mfa-deps.js';
import { matchTotpStep, openTotpSecret } from './totp-secret.js';

export interface VerifyTotpOptions {
  readonly userId: string;
  readonly code: string;
}

/**
 * Whether `code` is a valid, unused code from the user's confirmed authenticator app.
 * Replay protection: a time step is accepted once per factor. The conditional UPDATE (only a step
 * strictly greater than the last accepted one) is the guard, so of two parallel requests carrying
 * the same code exactly one passes, and an older code is refused once a newer one was used.
 */
export async function verifyTotp(deps: Pick<MfaDeps, 'db' | 'keyring' | 'clock'>, options: VerifyTotpOptions): Promise<boolean> {
  const { rows } = await deps.db.query<{ id: string; secret_encrypted: string }>(
    'SELECT id, secret_encrypted FROM totp_factors WHERE user_id = $1 AND confirmed_at IS NOT NULL',
    [options.userId],
  );
  const now = deps.clock.now();
  for (const factor of rows) {
    const step = matchTotpStep(openTotpSecret(deps.keyring, factor.secret_encrypted, factor.id), options.code, now);
    if (step === null) continue;
    const accepted = await deps.db.query(
      `UPDATE totp_factors SET last_used_step = $2, last_used_at = $3
        WHERE id = $1 AND confirmed_at IS NOT NULL AND (last_used_step IS NULL OR last_used_step < $2)
        RETURNING id`,
      [factor.id, step, now],
    );
    if (accepted.rowCount === 1) return true;
  }
  return false;
}
