import type { MfaDeps } from './mfa-deps.js';
import { listPasskeys, type PasskeySummary } from './passkeys/list-passkeys.js';
import { remainingRecoveryCodes } from './recovery-codes/remaining-recovery-codes.js';

export interface EnrolledFactors {
  /** The confirmed authenticator app, if any (a pending enrollment is not a factor yet). */
  readonly totp: { readonly factorId: string; readonly confirmedAt: Date; readonly lastUsedAt: Date | null } | null;
  readonly passkeys: readonly PasskeySummary[];
  readonly recoveryCodesRemaining: number;
}

/** What the user has enrolled, for the security page and the MFA policy. */
export async function listFactors(deps: Pick<MfaDeps, 'db'>, userId: string): Promise<EnrolledFactors> {
  const [totp, passkeys, recoveryCodesRemaining] = await Promise.all([
    deps.db.query<{ id: string; confirmed_at: Date; last_used_at: Date | null }>(
      'SELECT id, confirmed_at, last_used_at FROM totp_factors WHERE user_id = $1 AND confirmed_at IS NOT NULL',
      [userId],
    ),
    listPasskeys(deps, userId),
    remainingRecoveryCodes(deps, { userId }),
  ]);
  const factor = totp.rows[0];
  return {
    totp: factor ? { factorId: factor.id, confirmedAt: factor.confirmed_at, lastUsedAt: factor.last_used_at } : null,
    passkeys,
    recoveryCodesRemaining,
  };
}
