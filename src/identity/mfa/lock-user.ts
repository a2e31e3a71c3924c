import type { Queryable } from '../../platform/db/index.js';

/**
 * Serialises factor changes for one user inside `tx` (enroll, confirm, replace recovery codes),
 * so two parallel requests cannot both pass a "has none yet" check. NO KEY UPDATE does not block
 * rows elsewhere that merely reference the user.
 */
export async function lockUserForFactorChange(tx: Queryable, userId: string): Promise<void> {
  const { rowCount } = await tx.query('SELECT 1 FROM users WHERE id = $1 FOR NO KEY UPDATE', [userId]);
  if (rowCount !== 1) throw new Error(`lockUserForFactorChange: no user ${userId}`);
}
