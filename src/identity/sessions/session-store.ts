import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../platform/clock.js';
import type { Queryable } from '../../platform/db/index.js';

export const SESSION_IDLE_MS = 14 * 24 * 3600_000;
export const SESSION_ABSOLUTE_MS = 90 * 24 * 3600_000;

export interface SessionRow {
  id: string;
  user_id: string;
  tenant_id: string | null;
  amr: string[];
  authenticated_at: Date;
  mfa_verified_at: Date | null;
  created_at: Date;
  last_seen_at: Date;
  idle_expires_at: Date;
  absolute_expires_at: Date;
  revoked_at: Date | null;
  user_agent: string | null;
  ip_address: string | null;
}

export interface NewSession {
  readonly userId: string;
  readonly tenantId: string | null;
  readonly amr: readonly string[];
  readonly authenticatedAt: Date;
  readonly mfaVerifiedAt: Date | null;
  readonly userAgent: string | null;
  readonly ipAddress: string | null;
}

const COLUMNS = `id, user_id, tenant_id, amr, authenticated_at, mfa_verified_at, created_at, last_seen_at,
  idle_expires_at, absolute_expires_at, revoked_at, user_agent, ip_address`;

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Creates a session row and its refresh secret (returned once, stored only as a hash). */
export async function createSessionRow(db: Queryable, clock: Clock, session: NewSession): Promise<{ row: SessionRow; refreshToken: string }> {
  const refreshToken = randomBytes(32).toString('base64url');
  const now = clock.now();
  const { rows } = await db.query<SessionRow>(
    `INSERT INTO sessions (user_id, tenant_id, amr, authenticated_at, mfa_verified_at, refresh_token_hash,
       created_at, last_seen_at, idle_expires_at, absolute_expires_at, user_agent, ip_address)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9, $10, $11)
     RETURNING ${COLUMNS}`,
    [
      session.userId,
      session.tenantId,
      [...session.amr],
      session.authenticatedAt,
      session.mfaVerifiedAt,
      hashSecret(refreshToken),
      now,
      new Date(now.getTime() + SESSION_IDLE_MS),
      new Date(now.getTime() + SESSION_ABSOLUTE_MS),
      session.userAgent?.slice(0, 512) ?? null,
      session.ipAddress,
    ],
  );
  return { row: rows[0]!, refreshToken };
}

/** The live session a refresh secret belongs to, sliding its idle expiry; null if none. */
export async function touchSessionByRefreshToken(db: Queryable, clock: Clock, refreshToken: string): Promise<SessionRow | null> {
  const now = clock.now();
  const { rows } = await db.query<SessionRow>(
    `UPDATE sessions SET last_seen_at = $2, idle_expires_at = least($3, absolute_expires_at)
     WHERE refresh_token_hash = $1 AND revoked_at IS NULL AND idle_expires_at > $2 AND absolute_expires_at > $2
     RETURNING ${COLUMNS}`,
    [hashSecret(refreshToken), now, new Date(now.getTime() + SESSION_IDLE_MS)],
  );
  return rows[0] ?? null;
}

/** The id of the session a refresh secret belongs to, live or not. */
export async function sessionIdForRefreshToken(db: Queryable, refreshToken: string): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM sessions WHERE refresh_token_hash = $1', [hashSecret(refreshToken)]);
  return rows[0]?.id ?? null;
}

export async function findLiveSession(db: Queryable, clock: Clock, sessionId: string): Promise<SessionRow | null> {
  const { rows } = await db.query<SessionRow>(
    `SELECT ${COLUMNS} FROM sessions WHERE id = $1 AND revoked_at IS NULL AND idle_expires_at > $2 AND absolute_expires_at > $2`,
    [sessionId, clock.now()],
  );
  return rows[0] ?? null;
}

export async function listLiveSessions(db: Queryable, clock: Clock, userId: string): Promise<SessionRow[]> {
  const { rows } = await db.query<SessionRow>(
    `SELECT ${COLUMNS} FROM sessions
     WHERE user_id = $1 AND revoked_at IS NULL AND idle_expires_at > $2 AND absolute_expires_at > $2
     ORDER BY last_seen_at DESC`,
    [userId, clock.now()],
  );
  return rows;
}

/** Revokes a session whoever it belongs to; for replacing the one a browser held. */
export async function revokeSessionById(db: Queryable, clock: Clock, sessionId: string): Promise<void> {
  await db.query('UPDATE sessions SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [sessionId, clock.now()]);
}

/** Revokes one of the user's sessions; false when it is not theirs or already gone. */
export async function revokeSession(db: Queryable, clock: Clock, userId: string, sessionId: string): Promise<boolean> {
  const result = await db.query('UPDATE sessions SET revoked_at = $3 WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL', [sessionId, userId, clock.now()]);
  return result.rowCount === 1;
}

/** Revokes every live session of a user, optionally keeping one (the caller's own). */
export async function revokeUserSessions(db: Queryable, clock: Clock, userId: string, options: { except?: string } = {}): Promise<number> {
  const result = await db.query(
    'UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL AND ($3::uuid IS NULL OR id <> $3::uuid)',
    [userId, clock.now(), options.except ?? null],
  );
  return result.rowCount ?? 0;
}
