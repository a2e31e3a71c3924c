import type { Clock } from '../../../platform/clock.js';
import type { Queryable } from '../../../platform/db/index.js';
import { hasSecondFactor } from '../has-second-factor.js';
import { lockUserForFactorChange } from '../lock-user.js';
import type { MfaDeps } from '../mfa-deps.js';
import { mfaError } from '../mfa-error.js';
import { hashRecoveryCode, newRecoveryCode, normaliseRecoveryCode } from './recovery-code-format.js';

const CODES_PER_SET = 10;

export interface GenerateRecoveryCodesOptions {
  readonly userId: string;
}

/**
 * Replaces the user's recovery codes with a fresh set of ten and returns them. This is the only
 * time the codes exist in clear: only their hashes are stored. A user without a real factor gets
 * `mfa.factor_required`: codes stand in for a factor, they never are one.
 */
export async function generateRecoveryCodes(deps: Pick<MfaDeps, 'db' | 'clock'>, options: GenerateRecoveryCodesOptions): Promise<string[]> {
  return deps.db.transaction(async (tx) => {
    await lockUserForFactorChange(tx, options.userId);
    if (!(await hasSecondFactor({ db: tx }, options.userId))) throw mfaError('mfa.factor_required');
    return replaceRecoveryCodes(tx, deps.clock, options.userId);
  });
}

/** The replacement itself, inside a caller's transaction that already holds the user lock. */
export async function replaceRecoveryCodes(tx: Queryable, clock: Clock, userId: string): Promise<string[]> {
  const codes = Array.from({ length: CODES_PER_SET }, newRecoveryCode);
  const hashes = codes.map((code) => hashRecoveryCode(normaliseRecoveryCode(code)!));
  await tx.query('DELETE FROM recovery_codes WHERE user_id = $1', [userId]);
  await tx.query(
    'INSERT INTO recovery_codes (user_id, code_hash, created_at) SELECT $1, hash, $3 FROM unnest($2::text[]) AS hash',
    [userId, hashes, clock.now()],
  );
  return codes;
}
