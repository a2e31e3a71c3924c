import type { IdentityDeps } from '../identity-deps.js';
import { hashSecret } from '../sessions/session-store.js';

export interface PendingEmailChange {
  readonly email: string;
  readonly expiresAt: Date;
}

/** The user's open, unexpired email change request, if any (the account page shows it). */
export async function pendingEmailChange(deps: Pick<IdentityDeps, 'db' | 'clock'>, userId: string): Promise<PendingEmailChange | null> {
  const { rows } = await deps.db.query<{ new_email: string; expires_at: Date }>(
    'SELECT new_email, expires_at FROM email_changes WHERE user_id = $1 AND confirmed_at IS NULL AND closed_at IS NULL AND expires_at > $2',
    [userId, deps.clock.now()],
  );
  return rows[0] ? { email: rows[0].new_email, expiresAt: rows[0].expires_at } : null;
}

/** Withdraws the user's open request; its link stops working. */
export async function cancelEmailChange(deps: Pick<IdentityDeps, 'db' | 'clock'>, userId: string): Promise<void> {
  await deps.db.query('UPDATE email_changes SET closed_at = $2 WHERE user_id = $1 AND confirmed_at IS NULL AND closed_at IS NULL', [userId, deps.clock.now()]);
}

/** The new address an open request of this user was mailed to under `token`; read-only, nothing is spent. */
export async function emailChangeForToken(deps: Pick<IdentityDeps, 'db' | 'clock'>, userId: string, token: string): Promise<string | null> {
  const { rows } = await deps.db.query<{ new_email: string }>(
    'SELECT new_email FROM email_changes WHERE token_hash = $1 AND user_id = $2 AND confirmed_at IS NULL AND closed_at IS NULL AND expires_at > $3',
    [hashSecret(token), userId, deps.clock.now()],
  );
  return rows[0]?.new_email ?? null;
}
