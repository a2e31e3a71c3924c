import { randomBytes } from 'node:crypto';
import type { Clock } from '../../platform/clock.js';
import type { Queryable } from '../../platform/db/index.js';
import { hashSecret, SESSION_COLUMNS, SESSION_IDLE_MS, type SessionRow } from './session-store.js';

/**
 * How long the refresh secret rotated away last still answers, without rotating again: two tabs
 * (or a page's parallel requests) that refresh at the same moment all carry the same secret.
 * Past it, presenting that secret is reuse and ends the session.
 */
export const REFRESH_REUSE_GRACE_MS = 5_000;

/**
 * What presenting a refresh secret did:
 * - `rotated`: it was the current one; the session now answers only to `refreshToken`.
 * - `grace`: it was rotated away a moment ago (a racing tab); the session lives, nothing rotates.
 * - `reused`: it was rotated away earlier; the session it belonged to is now revoked.
 * - `unknown`: no live session knows it (never issued, expired, or already revoked).
 */
export type RefreshOutcome =
  | { readonly kind: 'rotated'; readonly row: SessionRow; readonly refreshToken: string }
  | { readonly kind: 'grace'; readonly row: SessionRow }
  | { readonly kind: 'reused'; readonly sessionId: string; readonly userId: string }
  | { readonly kind: 'unknown' };

// One statement: only the request whose UPDATE matched the current hash rotates (a racing one
// waits on the row lock, then no longer matches), and the retired hash is recorded with it.
const ROTATE_SQL = `
  WITH rotated AS (
    UPDATE sessions SET refresh_token_hash = $2, previous_refresh_token_hash = $1, refresh_rotated_at = $3,
      last_seen_at = $3, idle_expires_at = least($4, absolute_expires_at)
    WHERE refresh_token_hash = $1 AND revoked_at IS NULL AND idle_expires_at > $3 AND absolute_expires_at > $3
    RETURNING ${SESSION_COLUMNS}
  ), spent AS (
    INSERT INTO spent_refresh_tokens (token_hash, session_id, spent_at) SELECT $1, id, $3 FROM rotated
  )
  SELECT * FROM rotated`;

// A secret that did not rotate: the session it was retired from, and whether that was the last
// rotation and happened inside the grace (then the live row comes back whole).
const SPENT_SQL = `
  SELECT ${SESSION_COLUMNS}, (s.previous_refresh_token_hash = $1 AND s.refresh_rotated_at >= $3) AS in_grace
  FROM spent_refresh_tokens t JOIN sessions s ON s.id = t.session_id
  WHERE t.token_hash = $1 AND s.revoked_at IS NULL AND s.idle_expires_at > $2 AND s.absolute_expires_at > $2`;

/**
 * Spends a refresh secret: rotates it when it is the session's current one, and treats a
 * secret rotated away earlier as stolen (RFC 9700 §4.14.2): whoever presents it second, thief
 * or owner, ends the session for both. The grace answers only with the session, never with its
 * new secret (which exists only as a hash): a thief racing the owner inside it gets one
 * short-lived token and no way to refresh it.
 */
export async function rotateRefreshToken(db: Queryable, clock: Clock, refreshToken: string): Promise<RefreshOutcome> {
  const now = clock.now();
  const presented = hashSecret(refreshToken);
  const next = randomBytes(32).toString('base64url');
  const rotated = await db.query<SessionRow>(ROTATE_SQL, [presented, hashSecret(next), now, new Date(now.getTime() + SESSION_IDLE_MS)]);
  if (rotated.rows[0]) return { kind: 'rotated', row: rotated.rows[0], refreshToken: next };

  const spent = await db.query<SessionRow & { in_grace: boolean }>(SPENT_SQL, [
    presented,
    now,
    new Date(now.getTime() - REFRESH_REUSE_GRACE_MS),
  ]);
  const found = spent.rows[0];
  if (!found) return { kind: 'unknown' };
  const { in_grace: inGrace, ...row } = found;
  if (inGrace) return { kind: 'grace', row };
  await db.query('UPDATE sessions SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [row.id, now]);
  return { kind: 'reused', sessionId: row.id, userId: row.user_id };
}
