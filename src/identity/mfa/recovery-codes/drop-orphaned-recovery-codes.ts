import type { Queryable } from '../../../platform/db/index.js';

/**
 * Deletes the user's recovery codes once no real factor is left, inside the caller's transaction
 * (which holds the user lock). Codes are the way back to a factor; without one they would be a
 * second factor of their own that nobody enrolled.
 */
export async function dropOrphanedRecoveryCodes(tx: Queryable, userId: string): Promise<void> {
  await tx.query(
    `DELETE FROM recovery_codes WHERE user_id = $1
       AND NOT EXISTS (SELECT 1 FROM totp_factors WHERE user_id = $1 AND confirmed_at IS NOT NULL)
       AND NOT EXISTS (SELECT 1 FROM passkeys WHERE user_id = $1)`,
    [userId],
  );
}
