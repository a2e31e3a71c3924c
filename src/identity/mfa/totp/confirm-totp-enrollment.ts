import { appendAudit } from '../../../platform/audit/index.js';
import { lockUserForFactorChange } from '../lock-user.js';
import type { MfaDeps } from '../mfa-deps.js';
import { mfaError } from '../mfa-error.js';
import { replaceRecoveryCodes } from '../recovery-codes/generate-recovery-codes.js';
import { matchTotpStep, openTotpSecret } from './totp-secret.js';

export interface ConfirmTotpEnrollmentOptions {
  readonly userId: string;
  readonly factorId: string;
  readonly code: string;
}

export interface ConfirmedTotpEnrollment {
  /** A fresh set replacing any earlier one; shown to the user once, stored only as hashes. */
  readonly recoveryCodes: string[];
}

/**
 * Confirms a pending factor with a first code from the app, proving the user copied the secret.
 * That code's time step counts as used, so it cannot be replayed as a sign-in code.
 */
export async function confirmTotpEnrollment(deps: Pick<MfaDeps, 'db' | 'keyring' | 'clock'>, options: ConfirmTotpEnrollmentOptions): Promise<ConfirmedTotpEnrollment> {
  return deps.db.transaction(async (tx) => {
    await lockUserForFactorChange(tx, options.userId);
    const { rows } = await tx.query<{ secret_encrypted: string }>(
      'SELECT secret_encrypted FROM totp_factors WHERE id = $1 AND user_id = $2 AND confirmed_at IS NULL',
      [options.factorId, options.userId],
    );
    const pending = rows[0];
    if (!pending) throw mfaError('mfa.factor_not_found');
    const now = deps.clock.now();
    const step = matchTotpStep(openTotpSecret(deps.keyring, pending.secret_encrypted, options.factorId), options.code, now);
    if (step === null) throw mfaError('mfa.invalid_code');
    await tx.query('UPDATE totp_factors SET confirmed_at = $2, last_used_step = $3, last_used_at = $2 WHERE id = $1', [options.factorId, now, step]);
    const target = { type: 'totp_factor', id: options.factorId };
    await appendAudit(tx, { actor: { type: 'user', id: options.userId }, action: 'auth.factor.added', target, metadata: { kind: 'totp' } }, now);
    return { recoveryCodes: await replaceRecoveryCodes(tx, deps.clock, options.userId) };
  });
}
