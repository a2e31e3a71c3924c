import type { MfaDeps } from '../mfa-deps.js';
import { mfaError } from '../mfa-error.js';

export interface RemovePasskeyOptions {
  readonly userId: string;
  readonly passkeyId: string;
}

/**
 * Deletes one of the user's own passkeys. The caller must already hold a fresh MFA proof
 * (control 12); this function only makes sure the passkey is the user's.
 */
export async function removePasskey(deps: Pick<MfaDeps, 'db'>, options: RemovePasskeyOptions): Promise<void> {
  const { rowCount } = await deps.db.query('DELETE FROM passkeys WHERE id = $1 AND user_id = $2', [options.passkeyId, options.userId]);
  if (rowCount !== 1) throw mfaError('mfa.factor_not_found');
}
