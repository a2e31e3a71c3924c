import type { FastifyReply, FastifyRequest } from 'fastify';
import { decodeJwt } from 'jose';
import { permissionsOfGroups, type PlatformGroup, type PlatformPermission } from '../../platform/access/platform-permissions.js';
import { AppError } from '../../platform/errors/index.js';
import type { Principal, PrincipalResolver, SupportAccess } from '../../platform/http/index.js';
import type { IdentityDeps } from '../identity-deps.js';
import { mfaAllowsAppAccess } from '../mfa-policy/mfa-status.js';
import { clearSessionCookies, refuseDuplicateCookies, sessionCookieNames, setSessionCookies } from './session-cookies.js';
import { tokenForSession } from './issue-session.js';
import { rotateRefreshToken } from './rotate-refresh-token.js';
import { revokeSessionById } from './session-store.js';
import { endLapsedSupportAccess, liveSupportAccess } from './support-access-session.js';
import { verifySessionToken, type SessionClaims, type VerifiedSession } from './session-token.js';

const CACHE_LIMIT = 10_000;
const NO_PERMISSIONS: ReadonlySet<PlatformPermission> = new Set<never>();

export interface SessionResolver {
  readonly resolve: PrincipalResolver;
  /**
   * The verified claims behind a request's principal (identity routes need more than the
   * principal). Read from the principal the posture hook set, so a request it did not
   * authenticate has none.
   */
  claimsOf(request: FastifyRequest): SessionClaims | undefined;
  /** When the token behind a request's principal expires; undefined when it has none. */
  expiryOf(request: FastifyRequest): Date | undefined;
}

/** A signed-in user as the posture hook sees them, carrying the claims it was made from. */
class SessionPrincipal implements Principal {
  readonly kind = 'user' as const;
  readonly platformPermissions: ReadonlySet<PlatformPermission>;
  readonly subject: string;
  readonly tenantId: string | null;
  readonly sessionId: string;
  readonly mfaVerifiedAt: Date | null;
  readonly mfaOwed?: 'verify' | 'enroll';

  constructor(
    readonly claims: SessionClaims,
    readonly mfaSatisfied: boolean,
    /** When the token expires (epoch seconds): what `GET /auth/session` reports. */
    readonly expiresAt: number,
    /** The live impersonation this session runs under, checked against its event for this request. */
    readonly supportAccess?: SupportAccess,
    /** A platform admin's groups as the database holds them now (see platformAdminPrincipal). */
    groupsNow?: readonly PlatformGroup[],
  ) {
    const groups = groupsNow ?? claims.pgroups ?? [];
    this.platformPermissions = groups.length ? permissionsOfGroups(groups) : NO_PERMISSIONS;
    this.subject = claims.sub;
    this.tenantId = claims.tid;
    this.sessionId = claims.sid;
    this.mfaVerifiedAt = claims.mfa_at === null ? null : new Date(claims.mfa_at * 1000);
    // `required` means a factor exists; anything else unsatisfied (an ended grace window) owes enrolment.
    if (!mfaSatisfied) this.mfaOwed = claims.mfa === 'required' ? 'verify' : 'enroll';
  }
}

/** A verified token's claims, and its principal for each answer of the MFA check (made on first use). */
interface CachedSession {
  /** The exact text that was verified: a hit must match it whole, not just the signature it is filed under. */
  readonly token: string;
  readonly claims: VerifiedSession;
  readonly graceUntil: Date;
  readonly principals: [SessionPrincipal | undefined, SessionPrincipal | undefined];
}

/**
 * Resolves the `session` posture from the cookies: a valid token is trusted until it expires
 * (revocation takes effect within the token lifetime); an expired or missing token is renewed
 * from the refresh cookie when the session row is still live (sliding refresh), and the refresh
 * secret rotates with it (a rotated-away secret presented again ends the session). A request
 * carrying one of the cookies twice is refused before either is read.
 * Verified tokens are cached by their exact text until expiry, with the principal they yield,
 * so the hot path (every launch, every app request) skips the signature check without
 * weakening it and allocates nothing. The MFA answer is still worked out on every request,
 * since a grace window can end while its token lives.
 */
export function createSessionResolver(deps: IdentityDeps): SessionResolver {
  const verified = new Map<string, CachedSession>();
  const options = { issuer: deps.config.publicUrl, clock: deps.clock };
  const cookieNames = sessionCookieNames(deps.config);

  /**
   * The verified session behind exactly this token text, or null when it is invalid or expired.
   * A cache hit comes back without a promise (the hot path); only a miss verifies the signature.
   * Entries are filed under the signature: hashing its 86 characters is a fraction of hashing
   * the whole token on every request, and a hit must still match the whole text.
   */
  function verifiedSession(token: string, now: Date): CachedSession | null | Promise<CachedSession | null> {
    const key = token.slice(token.lastIndexOf('.') + 1);
    const hit = verified.get(key);
    if (hit && hit.token === token) {
      if (hit.claims.exp > now.getTime() / 1000) return hit;
      verified.delete(key);
      return null;
    }
    return verifyAndCache(token, key);
  }

  async function verifyAndCache(token: string, key: string): Promise<CachedSession | null> {
    try {
      const claims = await verifySessionToken(token, deps.signingKeys, options);
      const entry: CachedSession = { token, claims, graceUntil: new Date(claims.grace_until * 1000), principals: [undefined, undefined] };
      if (verified.size >= CACHE_LIMIT) verified.delete(verified.keys().next().value!);
      verified.set(key, entry);
      return entry;
    } catch {
      return null;
    }
  }

  async function refresh(refreshToken: string, reply: FastifyReply): Promise<{ claims: SessionClaims; exp: number } | null> {
    const outcome = await rotateRefreshToken(deps.db, deps.clock, refreshToken);
    if (outcome.kind === 'reused') {
      deps.logger.warn({ sessionId: outcome.sessionId, userId: outcome.userId }, 'refresh secret reused after rotation: session revoked');
      clearSessionCookies(reply, deps.config);
    }
    if (outcome.kind !== 'rotated' && outcome.kind !== 'grace') return null;
    const { row } = outcome;
    try {
      const { token, claims } = await tokenForSession(deps, row);
      setSessionCookies(reply, deps.config, { token, refreshToken: outcome.kind === 'rotated' ? outcome.refreshToken : undefined });
      return { claims, exp: decodeJwt(token).exp! };
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'auth.required')) throw error;
      // The user was disabled or deleted since sign-in: the session ends here, not on every request.
      await revokeSessionById(deps.db, deps.clock, row.id);
      return null;
    }
  }

  /**
   * A support-access token is trusted only while its event is: the event and session rows are
   * read on every request (one indexed SELECT), so ending it or passing the time box refuses the
   * very next request, whatever the token's own `exp` says.
   */
  async function supportAccessPrincipal(claims: SessionClaims, satisfied: boolean, exp: number): Promise<SessionPrincipal | null> {
    const live = await liveSupportAccess(deps.db, deps.clock, claims.imp!, claims.sid);
    if (live) return new SessionPrincipal(claims, satisfied, exp, live);
    await endLapsedSupportAccess(deps.db, deps.clock, claims.imp!, claims.sid);
    return null;
  }

  /**
   * A platform admin's token is not trusted for its groups alone: a revoked group, a disabled
   * admin or a revoked session would otherwise keep admin powers until the token expires. So the
   * session row and the groups are read on every request of a token that carries groups (one
   * indexed SELECT; admins are few), and the permissions are those the token names and the
   * database still grants. Everyone else's hot path is unchanged.
   */
  async function platformAdminPrincipal(claims: SessionClaims, satisfied: boolean, exp: number): Promise<SessionPrincipal | null> {
    const { rows } = await deps.db.query<{ groups: string[] }>(
      `SELECT array(SELECT g.group_name FROM platform_group_members g WHERE g.user_id = s.user_id) AS groups
       FROM sessions s JOIN users u ON u.id = s.user_id AND u.disabled_at IS NULL
       WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL`,
      [claims.sid, claims.sub],
    );
    const row = rows[0];
    if (!row) return null;
    const granted = new Set(row.groups);
    return new SessionPrincipal(claims, satisfied, exp, undefined, (claims.pgroups ?? []).filter((group) => granted.has(group)));
  }

  return {
    async resolve(request, reply) {
      refuseDuplicateCookies(request, cookieNames);
      const now = deps.clock.now();
      const token = request.cookies[cookieNames.token];
      const found = token ? verifiedSession(token, now) : null;
      const cached = found instanceof Promise ? await found : found;
      if (cached) {
        const satisfied = mfaAllowsAppAccess(cached.claims.mfa, cached.graceUntil, now);
        if (cached.claims.imp) return supportAccessPrincipal(cached.claims, satisfied, cached.claims.exp);
        if (cached.claims.pgroups?.length) return platformAdminPrincipal(cached.claims, satisfied, cached.claims.exp);
        const slot = satisfied ? 1 : 0;
        return (cached.principals[slot] ??= new SessionPrincipal(cached.claims, satisfied, cached.claims.exp));
      }
      const refreshToken = request.cookies[cookieNames.refresh];
      const refreshed = refreshToken ? await refresh(refreshToken, reply) : null;
      if (!refreshed) return null;
      const { claims, exp } = refreshed;
      const satisfied = mfaAllowsAppAccess(claims.mfa, new Date(claims.grace_until * 1000), now);
      if (claims.imp) return supportAccessPrincipal(claims, satisfied, exp);
      // Freshly read from the database by the refresh: groups and session are current.
      return new SessionPrincipal(claims, satisfied, exp);
    },
    claimsOf: (request) => (request.principal instanceof SessionPrincipal ? request.principal.claims : undefined),
    expiryOf: (request) => (request.principal instanceof SessionPrincipal ? new Date(request.principal.expiresAt * 1000) : undefined),
  };
}
