import type { MfaDeps } from '../mfa-deps.js';
import { mfaError } from '../mfa-error.js';

export interface RemoveTotpOptions {
  readonly userId: string;
  readonly factorId: string;
}

/**
 * Deletes one of the user's TOTP factors, confirmed or pending. The caller must already hold a
 * fresh MFA proof (control 12); this function only makes sure the factor is the user's own.
 */
export async function removeTotp(deps: Pick<MfaDeps, 'db'>, options: RemoveTotpOptions): Promise<void> {
  const { rowCount } = await deps.db.query('DELETE FROM totp_factors WHERE id = $1 AND user_id = $2', [options.factorId, options.userId]);
  if (rowCount !== 1) throw mfaError('mfa.factor_not_found');
}
