import type { FastifyRequest } from 'fastify';
import type { Queryable } from '../../platform/db/index.js';
import type { IdentityDeps } from '../identity-deps.js';
import { hasSecondFactor } from '../mfa/index.js';
import { mfaStatus } from '../mfa-policy/mfa-status.js';
import { createSessionRow, revokeSessionById, type SessionRow } from './session-store.js';
import { issueSessionToken, type SessionClaims } from './session-token.js';

export interface StartSessionInput {
  readonly userId: string;
  readonly amr: readonly string[];
  readonly authenticatedAt: Date;
  readonly mfaVerifiedAt: Date | null;
  /** Keep this tenant active; by default the previous session's, else the user's first membership. */
  readonly tenantId?: string | null;
  /** The session this one replaces (sign-in over an old cookie, MFA completion): revoked in the same step. */
  readonly replacesSessionId?: string | null;
  readonly request: FastifyRequest;
}

export interface IssuedSession {
  readonly token: string;
  readonly refreshToken: string;
  readonly claims: SessionClaims;
}

/**
 * Starts a new session with a fresh id and refresh secret. Every privilege change (sign-in,
 * MFA completion) goes through here, so a session id known before it is worthless after
 * (no fixation).
 */
export async function startSession(deps: IdentityDeps, input: StartSessionInput): Promise<IssuedSession> {
  const { row, refreshToken } = await deps.db.transaction(async (tx) => {
    if (input.replacesSessionId) await revokeSessionById(tx, deps.clock, input.replacesSessionId);
    const tenantId = input.tenantId !== undefined ? input.tenantId : await defaultTenant(tx, input.userId);
    return createSessionRow(tx, deps.clock, {
      userId: input.userId,
      tenantId,
      amr: input.amr,
      authenticatedAt: input.authenticatedAt,
      mfaVerifiedAt: input.mfaVerifiedAt,
      userAgent: input.request.headers['user-agent'] ?? null,
      ipAddress: input.request.ip,
    });
  });
  const { token, claims } = await tokenForSession(deps, row);
  return { token, refreshToken, claims };
}

/**
 * A fresh token for an existing session row. The claims are recomputed from the database
 * (membership, role, factors, grace window), so a refresh picks up removals and enrolments.
 */
export async function tokenForSession(deps: IdentityDeps, row: SessionRow): Promise<{ token: string; claims: SessionClaims }> {
  const { rows } = await deps.db.query<{ mfa_grace_until: Date; role: SessionClaims['role'] }>(
    `SELECT u.mfa_grace_until, m.role
     FROM users u LEFT JOIN memberships m ON m.user_id = u.id AND m.tenant_id = $2
     WHERE u.id = $1 AND u.disabled_at IS NULL`,
    [row.user_id, row.tenant_id],
  );
  const user = rows[0];
  if (!user) throw new Error('session user is missing or disabled');
  const now = deps.clock.now();
  const status = mfaStatus({
    hasSecondFactor: await hasSecondFactor(deps, row.user_id),
    mfaVerifiedAt: row.mfa_verified_at,
    graceUntil: user.mfa_grace_until,
    now,
  });
  const claims: SessionClaims = {
    sub: row.user_id,
    sid: row.id,
    tid: user.role ? row.tenant_id : null,
    role: user.role ?? null,
    amr: row.amr,
    auth_time: epochSeconds(row.authenticated_at),
    mfa: status,
    mfa_at: row.mfa_verified_at ? epochSeconds(row.mfa_verified_at) : null,
    grace_until: epochSeconds(user.mfa_grace_until),
  };
  const token = await issueSessionToken(deps.signingKeys, { issuer: deps.config.publicUrl, clock: deps.clock }, claims);
  return { token, claims };
}

async function defaultTenant(db: Queryable, userId: string): Promise<string | null> {
  // The tenant the user last worked in, else the one they joined first.
  const { rows } = await db.query<{ tenant_id: string }>(
    `SELECT m.tenant_id FROM memberships m
     WHERE m.user_id = $1
     ORDER BY (SELECT max(s.created_at) FROM sessions s WHERE s.user_id = $1 AND s.tenant_id = m.tenant_id) DESC NULLS LAST,
              m.created_at
     LIMIT 1`,
    [userId],
  );
  return rows[0]?.tenant_id ?? null;
}

function epochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}
