import type { MfaDeps } from '../mfa-deps.js';
import { hashRecoveryCode, normaliseRecoveryCode } from './recovery-code-format.js';

export interface UseRecoveryCodeOptions {
  readonly userId: string;
  readonly code: string;
}

/**
 * Spends one recovery code: true the first time a valid code is presented, false ever after.
 * The single conditional UPDATE is the guard, so parallel requests with one code get one true.
 * Only a user who still has a real factor can spend one (a leftover code is no factor).
 */
export async function useRecoveryCode(deps: Pick<MfaDeps, 'db' | 'clock'>, options: UseRecoveryCodeOptions): Promise<boolean> {
  const normalised = normaliseRecoveryCode(options.code);
  if (!normalised) return false;
  const { rowCount } = await deps.db.query(
    `UPDATE recovery_codes SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL
       AND (EXISTS (SELECT 1 FROM totp_factors WHERE user_id = $1 AND confirmed_at IS NOT NULL) OR EXISTS (SELECT 1 FROM passkeys WHERE user_id = $1))
     RETURNING id`,
    [options.userId, hashRecoveryCode(normalised), deps.clock.now()],
  );
  return rowCount === 1;
}
