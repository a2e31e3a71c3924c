import { randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { GROUP_PERMISSIONS, PLATFORM_GROUPS } from '../../platform/access/platform-permissions.js';
import type { Queryable } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors/index.js';
import type { SupportAccess } from '../../platform/http/index.js';
import type { Clock } from '../../platform/clock.js';
import type { IdentityDeps } from '../identity-deps.js';
import { hashSecret, SESSION_COLUMNS, type SessionRow } from './session-store.js';
import { issueSessionToken, type SessionClaims } from './session-token.js';

/**
 * Support access (impersonation) runs in a session of its own: the platform admin's user, the
 * impersonated tenant, and the event it belongs to. The row expires with the time box, its
 * tokens never outlive it, and the event is read again on every request, so an ended or
 * expired impersonation stops on the next request, not when a token runs out.
 */

/** The platform groups that may impersonate: losing the last of them ends the admin's support access at once. */
const IMPERSONATING_GROUPS = PLATFORM_GROUPS.filter((group) => GROUP_PERMISSIONS[group].includes('users:impersonate'));

/**
 * The support access behind a session if its event is active and inside its time box, its
 * session live, its tenant enabled and its admin still enabled and still allowed to impersonate; else null.
 */
export async function liveSupportAccess(db: Queryable, clock: Clock, eventId: string, sessionId: string): Promise<SupportAccess | null> {
  const { rows } = await db.query<{ actor_id: string; email: string; expires_at: Date }>(
    `SELECT e.actor_id, u.email, e.expires_at
     FROM impersonation_events e
     JOIN users u ON u.id = e.actor_id AND u.disabled_at IS NULL
     JOIN tenants t ON t.id = e.tenant_id AND t.disabled_at IS NULL
     JOIN sessions s ON s.id = $2 AND s.impersonation_event_id = e.id AND s.revoked_at IS NULL
     WHERE e.id = $1 AND e.status = 'active' AND e.expires_at > $3
       AND EXISTS (SELECT 1 FROM platform_group_members g WHERE g.user_id = e.actor_id AND g.group_name = ANY($4::text[]))`,
    [eventId, sessionId, clock.now(), IMPERSONATING_GROUPS],
  );
  const row = rows[0];
  return row ? { eventId, actorId: row.actor_id, actorLabel: row.email, endsAt: row.expires_at } : null;
}

/**
 * Ends a support session that failed its check for good: revoking the row ends its event too
 * (a trigger of migration 0020), so an admin who lost the group and gets it back, or a tenant
 * enabled again, does not bring an impersonation back to life.
 */
export async function endLapsedSupportAccess(db: Queryable, clock: Clock, eventId: string, sessionId: string): Promise<void> {
  await db.query('UPDATE sessions SET revoked_at = $3 WHERE id = $2 AND impersonation_event_id = $1 AND revoked_at IS NULL', [eventId, sessionId, clock.now()]);
}

export interface SupportAccessSessionInput {
  readonly eventId: string;
  readonly actorId: string;
  readonly tenantId: string;
  /** The methods the admin proved in the session that started it. */
  readonly amr: readonly string[];
  readonly expiresAt: Date;
  readonly request: FastifyRequest;
}

/** Starts the session of an impersonation inside the caller's transaction; returns its cookies' values. */
export async function startSupportAccessSession(
  tx: Queryable,
  deps: Pick<IdentityDeps, 'clock' | 'signingKeys' | 'config'>,
  input: SupportAccessSessionInput,
): Promise<{ token: string; refreshToken: string; sessionId: string }> {
  const now = deps.clock.now();
  const refreshToken = randomBytes(32).toString('base64url');
  const { rows } = await tx.query<SessionRow>(
    `INSERT INTO sessions (user_id, tenant_id, amr, authenticated_at, mfa_verified_at, refresh_token_hash, created_at, last_seen_at,
       idle_expires_at, absolute_expires_at, user_agent, ip_address, impersonation_event_id)
     VALUES ($1, $2, $3, $4, NULL, $5, $4, $4, $6, $6, $7, $8, $9)
     RETURNING ${SESSION_COLUMNS}`,
    [input.actorId, input.tenantId, [...input.amr], now, hashSecret(refreshToken), input.expiresAt, input.request.headers['user-agent']?.slice(0, 512) ?? null, input.request.ip, input.eventId],
  );
  const row = rows[0]!;
  const token = await signSupportAccessToken(deps, row, input.expiresAt);
  return { token, refreshToken, sessionId: row.id };
}

/** A fresh token for a support-access session row (a refresh): only while its event is live. */
export async function tokenForSupportAccessSession(
  deps: Pick<IdentityDeps, 'db' | 'clock' | 'signingKeys' | 'config'>,
  row: SessionRow,
): Promise<{ token: string; claims: SessionClaims }> {
  const live = row.impersonation_event_id ? await liveSupportAccess(deps.db, deps.clock, row.impersonation_event_id, row.id) : null;
  if (!live) throw new AppError('auth.required');
  const claims = supportAccessClaims(row, deps.clock.now());
  return { token: await issueSessionToken(deps.signingKeys, { issuer: deps.config.publicUrl, clock: deps.clock, expiresAt: live.endsAt }, claims), claims };
}

async function signSupportAccessToken(deps: Pick<IdentityDeps, 'clock' | 'signingKeys' | 'config'>, row: SessionRow, expiresAt: Date): Promise<string> {
  return issueSessionToken(deps.signingKeys, { issuer: deps.config.publicUrl, clock: deps.clock, expiresAt }, supportAccessClaims(row, deps.clock.now()));
}

/**
 * The claims of a support-access token: the admin as subject and as RFC 8693 actor, the tenant
 * with the least role, no platform groups, and no MFA proof (`mfa_at` null), so nothing gated
 * on a fresh second factor opens, whatever else forgets to ask.
 */
function supportAccessClaims(row: SessionRow, now: Date): SessionClaims {
  return {
    sub: row.user_id,
    sid: row.id,
    tid: row.tenant_id,
    role: 'member',
    amr: row.amr,
    auth_time: Math.floor(row.authenticated_at.getTime() / 1000),
    mfa: 'satisfied',
    mfa_at: null,
    grace_until: Math.floor(now.getTime() / 1000),
    act: { sub: row.user_id },
    imp: row.impersonation_event_id!,
  };
}
