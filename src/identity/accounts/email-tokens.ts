import { randomBytes } from 'node:crypto';
import type { Clock } from '../../platform/clock.js';
import type { Queryable } from '../../platform/db/index.js';
import { hashSecret } from '../sessions/session-store.js';

export type EmailTokenPurpose = 'verify_email' | 'reset_password';

export const EMAIL_TOKEN_TTL_MS: Record<EmailTokenPurpose, number> = {
  verify_email: 48 * 3600_000,
  reset_password: 30 * 60_000,
};

/** Creates a single-use token for an emailed link; only its SHA-256 is stored. */
export async function createEmailToken(
  db: Queryable,
  clock: Clock,
  input: { userId: string; purpose: EmailTokenPurpose; emailNormalized: string },
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const now = clock.now();
  await db.query(
    `INSERT INTO email_tokens (user_id, purpose, token_hash, email_normalized, expires_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [input.userId, input.purpose, hashSecret(token), input.emailNormalized, new Date(now.getTime() + EMAIL_TOKEN_TTL_MS[input.purpose]), now],
  );
  return token;
}

/**
 * Spends a token: one atomic UPDATE marks it used, so two parallel redemptions cannot both win.
 * Returns the user and address it was issued for, or null if unknown, used or expired.
 */
export async function consumeEmailToken(
  db: Queryable,
  clock: Clock,
  purpose: EmailTokenPurpose,
  token: string,
): Promise<{ userId: string; emailNormalized: string } | null> {
  const now = clock.now();
  const { rows } = await db.query<{ user_id: string; email_normalized: string }>(
    `UPDATE email_tokens SET used_at = $3
     WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3
     RETURNING user_id, email_normalized`,
    [hashSecret(token), purpose, now],
  );
  const row = rows[0];
  return row ? { userId: row.user_id, emailNormalized: row.email_normalized } : null;
}
