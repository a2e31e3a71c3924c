import type { Clock } from '../../../platform/clock.js';
import type { IdentityDb } from '../../../platform/db/index.js';
import { mfaError } from '../mfa-error.js';

/** How long a ceremony may take; the options' `timeout` says the same to the browser. */
export const CHALLENGE_TTL_MS = 5 * 60_000;

export type ChallengePurpose = 'registration' | 'authentication';

/** Rows kept this long after expiry, so a late replay is still told "used" rather than "unknown". */
const RETAIN_EXPIRED = "interval '1 hour'";

export async function storeChallenge(
  db: IdentityDb,
  clock: Clock,
  challenge: { value: string; purpose: ChallengePurpose; userId: string | null },
): Promise<void> {
  const now = clock.now();
  // Unauthenticated callers create these (passwordless options), so old rows are swept on every write.
  await db.query(`DELETE FROM webauthn_challenges WHERE expires_at < $1::timestamptz - ${RETAIN_EXPIRED}`, [now]);
  await db.query(
    'INSERT INTO webauthn_challenges (challenge, purpose, user_id, expires_at, created_at) VALUES ($1, $2, $3, $4, $5)',
    [challenge.value, challenge.purpose, challenge.userId, new Date(now.getTime() + CHALLENGE_TTL_MS), now],
  );
}

/**
 * Spends a challenge: the conditional UPDATE marks it used exactly once, so a replayed or
 * parallel response finds nothing to spend. `userId` (registration) restricts it to the user it
 * was issued to. Returns the user the challenge was issued for (null when passwordless).
 */
export async function consumeChallenge(
  db: IdentityDb,
  clock: Clock,
  challenge: { value: string; purpose: ChallengePurpose; userId?: string },
): Promise<{ userId: string | null }> {
  const now = clock.now();
  const params = [challenge.value, challenge.purpose, challenge.userId ?? null];
  const spent = await db.query<{ user_id: string | null; expires_at: Date }>(
    `UPDATE webauthn_challenges SET used_at = $4
      WHERE challenge = $1 AND purpose = $2 AND ($3::uuid IS NULL OR user_id = $3) AND used_at IS NULL
      RETURNING user_id, expires_at`,
    [...params, now],
  );
  const row = spent.rows[0];
  if (!row) {
    const known = await db.query(
      'SELECT 1 FROM webauthn_challenges WHERE challenge = $1 AND purpose = $2 AND ($3::uuid IS NULL OR user_id = $3) AND used_at IS NOT NULL',
      params,
    );
    throw mfaError(known.rowCount ? 'mfa.challenge_used' : 'mfa.webauthn_failed');
  }
  if (row.expires_at.getTime() <= now.getTime()) throw mfaError('mfa.challenge_expired');
  return { userId: row.user_id };
}

/**
 * The challenge the browser signed over, read from clientDataJSON to find the stored one.
 * Untrusted until the library compares it with what we stored; here it is only a lookup key.
 */
export function challengeFromResponse(response: { response: { clientDataJSON: string } }): string {
  try {
    const clientData: unknown = JSON.parse(Buffer.from(response.response.clientDataJSON, 'base64url').toString('utf8'));
    const challenge = (clientData as { challenge?: unknown }).challenge;
    // Ours are base64url: anything else (a NUL, a lone surrogate) is no lookup key at all.
    if (typeof challenge === 'string' && /^[A-Za-z0-9_-]{16,512}$/.test(challenge)) return challenge;
  } catch {
    // fall through: malformed client data is a failed ceremony, not a server error
  }
  throw mfaError('mfa.webauthn_failed');
}
