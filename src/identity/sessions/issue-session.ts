import type { FastifyRequest } from 'fastify';
import { isPlatformGroup } from '../../platform/access/platform-permissions.js';
import { appendAudit, type AuditEntryInput } from '../../platform/audit/index.js';
import type { Queryable } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors/index.js';
import type { IdentityDeps } from '../identity-deps.js';
import { secondFactorEnrolledSql } from '../mfa/index.js';
import { mfaStatus } from '../mfa-policy/mfa-status.js';
import { readSessionCookies } from './session-cookies.js';
import { platformGroupsSql, startSessionRow, type SessionRow } from './session-store.js';
import { issueSessionToken, type SessionClaims } from './session-token.js';
import { tokenForSupportAccessSession } from './support-access-session.js';

export interface StartSessionInput {
  readonly userId: string;
  readonly amr: readonly string[];
  readonly authenticatedAt: Date;
  readonly mfaVerifiedAt: Date | null;
  /** Keep this tenant active; by default the one the user last worked in, else their first membership. */
  readonly tenantId?: string | null;
  /**
   * A sign-in: the session this browser's refresh cookie names, if any, is revoked in the same
   * step, so an old session cannot linger beside the new one.
   */
  readonly replacesBrowserSession?: boolean;
  /**
   * The session this one elevates (MFA completion): it must still be live, and is revoked in the
   * same step. A revoked session proving MFA would otherwise be reborn as a new one.
   */
  readonly elevatesSessionId?: string;
  readonly request: FastifyRequest;
  /**
   * The audit entry of this sign-in (its target is the new session), written in the same
   * transaction as the session row: both commit, or neither, with one durable commit between them.
   */
  readonly audit?: Omit<AuditEntryInput, 'target'>;
}

export interface IssuedSession {
  readonly token: string;
  readonly refreshToken: string;
  readonly claims: SessionClaims;
}

type Role = SessionClaims['role'];

/**
 * Starts a new session with a fresh id and refresh secret. Every privilege change (sign-in,
 * MFA completion) goes through here, so a session id known before it is worthless after
 * (no fixation). A disabled or deleted user gets no session: `auth.invalid_credentials`, the
 * same answer as a wrong password, whichever credential (a passkey too) got them this far.
 * One statement starts the row and answers everything the claims need: a sign-in waits for
 * one database round trip here, not six.
 */
export async function startSession(deps: IdentityDeps, input: StartSessionInput): Promise<IssuedSession> {
  const { audit } = input;
  if (!audit) return issueFor(deps, input, await startRow(deps.db, deps, input));
  const started = await deps.db.transaction(async (tx) => {
    const row = await startRow(tx, deps, input);
    if (row) await appendAudit(tx, { ...audit, target: { type: 'session', id: row.row.id } }, deps.clock.now());
    return row;
  });
  return issueFor(deps, input, started);
}

function startRow(db: Queryable, deps: IdentityDeps, input: StartSessionInput): ReturnType<typeof startSessionRow> {
  return startSessionRow(db, deps.clock, {
    userId: input.userId,
    tenant: input.tenantId !== undefined ? { id: input.tenantId } : 'default',
    amr: input.amr,
    authenticatedAt: input.authenticatedAt,
    mfaVerifiedAt: input.mfaVerifiedAt,
    userAgent: input.request.headers['user-agent'] ?? null,
    ipAddress: input.request.ip,
    replacesSessionId: input.elevatesSessionId ?? null,
    replacesRefreshToken: input.replacesBrowserSession ? (readSessionCookies(input.request, deps.config).refreshToken ?? null) : null,
    replacedMustBeLive: input.elevatesSessionId !== undefined,
  });
}

async function issueFor(deps: IdentityDeps, input: StartSessionInput, started: Awaited<ReturnType<typeof startSessionRow>>): Promise<IssuedSession> {
  if (!started) throw new AppError(input.elevatesSessionId ? 'auth.required' : 'auth.invalid_credentials');
  const { row, refreshToken } = started;
  const claims = sessionClaims(deps, row, { graceUntil: row.mfa_grace_until, role: row.role, enrolled: row.enrolled, platformGroups: row.platform_groups });
  return { token: await signClaims(deps, claims), refreshToken, claims };
}

/**
 * A fresh token for an existing session row. The claims are recomputed from the database
 * (membership, role, factors, grace window), so a refresh picks up removals and enrolments. A
 * membership of a disabled tenant counts as none: the token names no tenant.
 * Throws `auth.required` when the user has since been disabled or deleted: the session is dead.
 */
export async function tokenForSession(deps: IdentityDeps, row: SessionRow): Promise<{ token: string; claims: SessionClaims }> {
  if (row.impersonation_event_id) return tokenForSupportAccessSession(deps, row);
  const { rows } = await deps.db.query<{ mfa_grace_until: Date; role: Role; enrolled: boolean; platform_groups: string[] }>(
    `SELECT u.mfa_grace_until, m.role, ${secondFactorEnrolledSql('u.id')} AS enrolled, ${platformGroupsSql('u.id')} AS platform_groups
     FROM users u
     LEFT JOIN memberships m ON m.user_id = u.id AND m.tenant_id = $2 AND EXISTS (SELECT 1 FROM tenants t WHERE t.id = $2 AND t.disabled_at IS NULL)
     WHERE u.id = $1 AND u.disabled_at IS NULL`,
    [row.user_id, row.tenant_id],
  );
  const user = rows[0];
  if (!user) throw new AppError('auth.required');
  const claims = sessionClaims(deps, row, { graceUntil: user.mfa_grace_until, role: user.role, enrolled: user.enrolled, platformGroups: user.platform_groups });
  return { token: await signClaims(deps, claims), claims };
}

function sessionClaims(
  deps: IdentityDeps,
  row: SessionRow,
  user: { graceUntil: Date; role: Role; enrolled: boolean; platformGroups: readonly string[] },
): SessionClaims {
  const groups = user.platformGroups.filter(isPlatformGroup);
  return {
    // Only for platform admins: everyone else's token stays as it was. Read at issue, so a
    // revoked group lasts until the token's expiry (10 minutes) at most.
    ...(groups.length > 0 ? { pgroups: groups } : {}),
    sub: row.user_id,
    sid: row.id,
    tid: user.role ? row.tenant_id : null,
    role: user.role ?? null,
    amr: row.amr,
    auth_time: epochSeconds(row.authenticated_at),
    mfa: mfaStatus({ hasSecondFactor: user.enrolled, mfaVerifiedAt: row.mfa_verified_at, graceUntil: user.graceUntil, now: deps.clock.now() }),
    mfa_at: row.mfa_verified_at ? epochSeconds(row.mfa_verified_at) : null,
    grace_until: epochSeconds(user.graceUntil),
  };
}

function signClaims(deps: IdentityDeps, claims: SessionClaims): Promise<string> {
  return issueSessionToken(deps.signingKeys, { issuer: deps.config.publicUrl, clock: deps.clock }, claims);
}

function epochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}
