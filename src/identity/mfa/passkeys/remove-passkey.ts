import { appendAudit } from '../../../platform/audit/index.js';
import { lockUserForFactorChange } from '../lock-user.js';
import type { MfaDeps } from '../mfa-deps.js';
import { dropOrphanedRecoveryCodes } from '../recovery-codes/drop-orphaned-recovery-codes.js';
import { mfaError } from '../mfa-error.js';

export interface RemovePasskeyOptions {
  readonly userId: string;
  readonly passkeyId: string;
}

/**
 * Deletes one of the user's own passkeys. The caller must already hold a fresh MFA proof
 * (control 12); this function only makes sure the passkey is the user's. Removing the last
 * factor deletes the recovery codes with it.
 */
export async function removePasskey(deps: Pick<MfaDeps, 'db' | 'clock'>, options: RemovePasskeyOptions): Promise<void> {
  await deps.db.transaction(async (tx) => {
    await lockUserForFactorChange(tx, options.userId);
    const { rowCount } = await tx.query('DELETE FROM passkeys WHERE id = $1 AND user_id = $2', [options.passkeyId, options.userId]);
    if (rowCount !== 1) throw mfaError('mfa.factor_not_found');
    await dropOrphanedRecoveryCodes(tx, options.userId);
    const target = { type: 'passkey', id: options.passkeyId };
    await appendAudit(tx, { actor: { type: 'user', id: options.userId }, action: 'auth.factor.removed', target, metadata: { kind: 'passkey' } }, deps.clock.now());
  });
}
