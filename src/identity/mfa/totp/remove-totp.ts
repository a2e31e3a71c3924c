import { appendAudit } from '../../../platform/audit/index.js';
import { lockUserForFactorChange } from '../lock-user.js';
import type { MfaDeps } from '../mfa-deps.js';
import { dropOrphanedRecoveryCodes } from '../recovery-codes/drop-orphaned-recovery-codes.js';
import { mfaError } from '../mfa-error.js';

export interface RemoveTotpOptions {
  readonly userId: string;
  readonly factorId: string;
}

/**
 * Deletes one of the user's TOTP factors, confirmed or pending. The caller must already hold a
 * fresh MFA proof (control 12); this function only makes sure the factor is the user's own.
 * Removing the last factor deletes the recovery codes with it.
 */
export async function removeTotp(deps: Pick<MfaDeps, 'db' | 'clock'>, options: RemoveTotpOptions): Promise<void> {
  await deps.db.transaction(async (tx) => {
    await lockUserForFactorChange(tx, options.userId);
    const { rowCount } = await tx.query('DELETE FROM totp_factors WHERE id = $1 AND user_id = $2', [options.factorId, options.userId]);
    if (rowCount !== 1) throw mfaError('mfa.factor_not_found');
    await dropOrphanedRecoveryCodes(tx, options.userId);
    const target = { type: 'totp_factor', id: options.factorId };
    await appendAudit(tx, { actor: { type: 'user', id: options.userId }, action: 'auth.factor.removed', target, metadata: { kind: 'totp' } }, deps.clock.now());
  });
}
