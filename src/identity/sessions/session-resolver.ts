import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal, PrincipalResolver } from '../../platform/http/index.js';
import type { IdentityDeps } from '../identity-deps.js';
import { mfaAllowsAppAccess } from '../mfa-policy/mfa-status.js';
import { readSessionCookies, setSessionCookies } from './session-cookies.js';
import { tokenForSession } from './issue-session.js';
import { touchSessionByRefreshToken } from './session-store.js';
import { verifySessionToken, type SessionClaims, type VerifiedSession } from './session-token.js';

const CACHE_LIMIT = 10_000;
const NO_PERMISSIONS = new Set<never>();

export interface SessionResolver {
  readonly resolve: PrincipalResolver;
  /** The verified claims behind a request's principal (identity routes need more than the principal). */
  claimsOf(request: FastifyRequest): SessionClaims | undefined;
}

/**
 * Resolves the `session` posture from the cookies: a valid token is trusted until it expires
 * (revocation takes effect within the token lifetime); an expired or missing token is renewed
 * from the refresh cookie when the session row is still live (sliding refresh).
 * Verified tokens are cached by their exact text until expiry, so the hot path skips the
 * signature check without weakening it.
 */
export function createSessionResolver(deps: IdentityDeps): SessionResolver {
  const verified = new Map<string, VerifiedSession>();
  const claimsByRequest = new WeakMap<FastifyRequest, SessionClaims>();
  const options = { issuer: deps.config.publicUrl, clock: deps.clock };

  async function verifyCached(token: string): Promise<VerifiedSession | null> {
    const now = deps.clock.now().getTime() / 1000;
    const hit = verified.get(token);
    if (hit) {
      if (hit.exp > now) return hit;
      verified.delete(token);
      return null;
    }
    try {
      const session = await verifySessionToken(token, deps.signingKeys, options);
      if (verified.size >= CACHE_LIMIT) verified.delete(verified.keys().next().value!);
      verified.set(token, session);
      return session;
    } catch {
      return null;
    }
  }

  async function refresh(refreshToken: string, reply: FastifyReply): Promise<SessionClaims | null> {
    const row = await touchSessionByRefreshToken(deps.db, deps.clock, refreshToken);
    if (!row) return null;
    const { token, claims } = await tokenForSession(deps, row);
    setSessionCookies(reply, deps.config, { token });
    return claims;
  }

  return {
    async resolve(request, reply) {
      const cookies = readSessionCookies(request, deps.config);
      let claims: SessionClaims | null = cookies.token ? await verifyCached(cookies.token) : null;
      if (!claims && cookies.refreshToken) claims = await refresh(cookies.refreshToken, reply);
      if (!claims) return null;
      claimsByRequest.set(request, claims);
      return principalFromClaims(claims, deps.clock.now());
    },
    claimsOf: (request) => claimsByRequest.get(request),
  };
}

function principalFromClaims(claims: SessionClaims, now: Date): Principal {
  return {
    kind: 'user',
    subject: claims.sub,
    tenantId: claims.tid,
    mfaSatisfied: mfaAllowsAppAccess(claims.mfa, new Date(claims.grace_until * 1000), now),
    platformPermissions: NO_PERMISSIONS,
    sessionId: claims.sid,
  };
}
