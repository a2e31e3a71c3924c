import { AppError } from '../../platform/errors/index.js';
import type { IdentityDeps } from '../identity-deps.js';
import { consumeEmailToken } from './email-tokens.js';

/**
 * Marks an address verified from its emailed token (a password reset link is the only other
 * proof that sets `email_verified_at`). The token must have been issued for the user's current
 * address, so changing the address afterwards leaves it unverified.
 */
export async function verifyEmail(deps: IdentityDeps, token: string): Promise<void> {
  const verified = await deps.db.transaction(async (tx) => {
    const spent = await consumeEmailToken(tx, deps.clock, 'verify_email', token);
    if (!spent) return false;
    const updated = await tx.query(
      'UPDATE users SET email_verified_at = coalesce(email_verified_at, $3) WHERE id = $1 AND email_normalized = $2',
      [spent.userId, spent.emailNormalized, deps.clock.now()],
    );
    return updated.rowCount === 1;
  });
  if (!verified) throw new AppError('auth.invalid_token');
}
