import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../platform/clock.js';
import type { Queryable } from '../../platform/db/index.js';
import { secondFactorEnrolledSql } from '../mfa/index.js';
import { readPage, type Page, type PageRequest } from '../../platform/paging/index.js';

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
  /** Set on a support-access session (impersonation): the event it lives and dies with. */
  impersonation_event_id: string | null;
}

export interface NewSession {
  readonly userId: string;
  /** The tenant to work in; `'default'` picks the one the user last worked in, else their first. */
  readonly tenant: { readonly id: string | null } | 'default';
  readonly amr: readonly string[];
  readonly authenticatedAt: Date;
  readonly mfaVerifiedAt: Date | null;
  readonly userAgent: string | null;
  readonly ipAddress: string | null;
  /** A session to revoke in the same statement (the one being elevated). */
  readonly replacesSessionId: string | null;
  /** The refresh secret of a session to revoke in the same statement (the one this browser held, live or not). */
  readonly replacesRefreshToken: string | null;
  /** Start nothing unless `replacesSessionId` was still live and is revoked now (MFA elevation). */
  readonly replacedMustBeLive: boolean;
}

/** A new session row with what its token's claims need: the grace end, the role in its tenant, whether a second factor is enrolled. */
export interface StartedSessionRow extends SessionRow {
  mfa_grace_until: Date;
  role: 'owner' | 'admin' | 'member' | null;
  enrolled: boolean;
  /** The user's platform groups (`bsns admin grant`), carried in the token as `pgroups`. */
  platform_groups: string[];
}

/** The user's platform groups as a text array (empty for almost everyone). */
export function platformGroupsSql(userIdExpression: string): string {
  return `ARRAY(SELECT group_name FROM platform_group_members WHERE user_id = ${userIdExpression} ORDER BY group_name)`;
}

export const SESSION_COLUMNS = `id, user_id, tenant_id, amr, authenticated_at, mfa_verified_at, created_at, last_seen_at,
  idle_expires_at, absolute_expires_at, revoked_at, user_agent, ip_address, impersonation_event_id`;

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

// One statement, so a sign-in costs one round trip and the revocation of the replaced session,
// the choice of tenant and the insert are atomic: revoke the replaced session (by id, or by the
// refresh secret the browser still holds); pick the tenant (given, else the one last worked in,
// else the first joined); insert only for an enabled user whose address is verified, whatever
// the sign-in path (password, passkey, MFA, later federation) (and, for an elevation, only if the
// replaced session was live); return the new row with the user's grace end, role in that tenant
// and whether they have a second factor. Every statement costs PostgreSQL its parse, plan,
// snapshot and commit however small it is, so one statement is cheaper than three, not only
// faster. The commit stays durable (synchronous_commit as configured): the cookie names this row,
// and a row lost to a crash after the cookie went out would be a live token that no session list
// shows and no revocation reaches until it expires; a revocation lost the same way would bring a
// replaced session back.
const START_SESSION_SQL = `
  WITH replaced AS (
    UPDATE sessions SET revoked_at = $1
    WHERE (id = $2::uuid OR refresh_token_hash = $15::text) AND revoked_at IS NULL RETURNING id
  ), chosen AS (
    SELECT CASE WHEN $4::boolean THEN $5::uuid ELSE (
      SELECT m.tenant_id FROM memberships m JOIN tenants t ON t.id = m.tenant_id AND t.disabled_at IS NULL WHERE m.user_id = $3
      ORDER BY (SELECT max(s.created_at) FROM sessions s WHERE s.user_id = $3 AND s.tenant_id = m.tenant_id) DESC NULLS LAST, m.created_at
      LIMIT 1) END AS tenant_id
  )
  INSERT INTO sessions AS s (user_id, tenant_id, amr, authenticated_at, mfa_verified_at, refresh_token_hash,
    created_at, last_seen_at, idle_expires_at, absolute_expires_at, user_agent, ip_address)
  SELECT u.id, chosen.tenant_id, $6, $7, $8, $9, $1, $1, $10, $11, $12, $13
  FROM users u, chosen
  WHERE u.id = $3 AND u.disabled_at IS NULL AND u.email_verified_at IS NOT NULL AND (NOT $14::boolean OR EXISTS (SELECT 1 FROM replaced))
  RETURNING ${SESSION_COLUMNS},
    (SELECT mfa_grace_until FROM users WHERE id = s.user_id) AS mfa_grace_until,
    (SELECT role FROM memberships m JOIN tenants t ON t.id = m.tenant_id AND t.disabled_at IS NULL
      WHERE m.user_id = s.user_id AND m.tenant_id = s.tenant_id) AS role,
    ${secondFactorEnrolledSql('s.user_id')} AS enrolled,
    ${platformGroupsSql('s.user_id')} AS platform_groups`;

/**
 * Creates a session row and its refresh secret (returned once, stored only as a hash), revoking
 * the session it replaces. Null when nothing was started: the user is disabled or gone, or the
 * session an elevation replaces is no longer live.
 */
export async function startSessionRow(db: Queryable, clock: Clock, session: NewSession): Promise<{ row: StartedSessionRow; refreshToken: string } | null> {
  const refreshToken = randomBytes(32).toString('base64url');
  const now = clock.now();
  const { rows } = await db.query<StartedSessionRow>(START_SESSION_SQL, [
    now,
    session.replacesSessionId,
    session.userId,
    session.tenant !== 'default',
    session.tenant === 'default' ? null : session.tenant.id,
    [...session.amr],
    session.authenticatedAt,
    session.mfaVerifiedAt,
    hashSecret(refreshToken),
    new Date(now.getTime() + SESSION_IDLE_MS),
    new Date(now.getTime() + SESSION_ABSOLUTE_MS),
    session.userAgent?.slice(0, 512) ?? null,
    session.ipAddress,
    session.replacedMustBeLive,
    session.replacesRefreshToken === null ? null : hashSecret(session.replacesRefreshToken),
  ]);
  return rows[0] ? { row: rows[0], refreshToken } : null;
}

/** The session if it is live: not revoked, not expired, and its user not disabled (a disabled user has no live session). */
export async function findLiveSession(db: Queryable, clock: Clock, sessionId: string): Promise<SessionRow | null> {
  const { rows } = await db.query<SessionRow>(
    `SELECT ${SESSION_COLUMNS} FROM sessions WHERE id = $1 AND revoked_at IS NULL AND idle_expires_at > $2 AND absolute_expires_at > $2
       AND EXISTS (SELECT 1 FROM users u WHERE u.id = sessions.user_id AND u.disabled_at IS NULL)`,
    [sessionId, clock.now()],
  );
  return rows[0] ?? null;
}

/** Points one of the user's live sessions at another tenant; the updated row, or null when it is not theirs or not live. */
export async function moveLiveSession(db: Queryable, clock: Clock, input: { userId: string; sessionId: string; tenantId: string }): Promise<SessionRow | null> {
  const { rows } = await db.query<SessionRow>(
    `UPDATE sessions SET tenant_id = $3
     WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL AND idle_expires_at > $4 AND absolute_expires_at > $4
     RETURNING ${SESSION_COLUMNS}`,
    [input.sessionId, input.userId, input.tenantId, clock.now()],
  );
  return rows[0] ?? null;
}

/** One page of the user's live sessions, newest first. */
export async function listLiveSessions(db: Queryable, clock: Clock, userId: string, page: PageRequest): Promise<Page<SessionRow>> {
  return readPage({
    order: { keys: ['created_at', 'id'], descending: true },
    page,
    firstParam: 3,
    fetch: async (keyset) =>
      (
        await db.query<SessionRow & { created: string }>(
          `SELECT ${SESSION_COLUMNS}, created_at::text AS created FROM sessions
           WHERE user_id = $1 AND revoked_at IS NULL AND idle_expires_at > $2 AND absolute_expires_at > $2 AND ${keyset.where}
           ORDER BY ${keyset.orderBy} LIMIT ${keyset.limit}`,
          [userId, clock.now(), ...keyset.params],
        )
      ).rows,
    keyOf: (row) => [row.created, row.id],
    toItem: ({ created: _created, ...row }) => row,
  });
}

/** Revokes a session whoever it belongs to; for replacing the one a browser held. False when it was already revoked. */
export async function revokeSessionById(db: Queryable, clock: Clock, sessionId: string): Promise<boolean> {
  const result = await db.query('UPDATE sessions SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [sessionId, clock.now()]);
  return result.rowCount === 1;
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
