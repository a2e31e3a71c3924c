import type { FastifyInstance } from 'fastify';
import { AppError } from '../../platform/errors/index.js';
import type { IdentityDeps } from '../identity-deps.js';
import type { SessionResolver } from './session-resolver.js';
import { findLiveSession, type SessionRow } from './session-store.js';
import type { SessionClaims } from './session-token.js';

/**
 * The session row behind verified claims, or `auth.required` when it was revoked, expired, is
 * not the user's or its user was disabled. A token outlives its revocation by up to its lifetime; identity holds the rows,
 * so it never acts on a dead one.
 */
export async function requireLiveSession(deps: Pick<IdentityDeps, 'db' | 'clock'>, claims: Pick<SessionClaims, 'sid' | 'sub'>): Promise<SessionRow> {
  const row = await findLiveSession(deps.db, deps.clock, claims.sid);
  if (!row || row.user_id !== claims.sub) throw new AppError('auth.required');
  return row;
}

/**
 * Makes every state-changing request (anything but GET and HEAD) on the routes of `scope` check
 * the session row, before validation so a dead session learns nothing about its input. One hook
 * for all of identity, so a new route cannot forget it. Apps keep trusting the signature alone
 * (they cannot see identity's rows); reads here do too, within the token lifetime.
 */
export function requireLiveSessionForChanges(scope: FastifyInstance, deps: Pick<IdentityDeps, 'db' | 'clock'>, resolver: SessionResolver): void {
  scope.addHook('preValidation', async (request) => {
    if (request.method === 'GET' || request.method === 'HEAD' || request.routeOptions.config.allowsRevokedSession) return;
    const claims = resolver.claimsOf(request);
    // Support access works in the tenant's apps, never on an account: identity refuses every
    // change made under it (factors, password, email, tokens, tenants, members) except the few
    // routes that say otherwise (ending it, signing out). Fail closed: a new route is covered.
    if (claims?.imp && !request.routeOptions.config.allowsSupportAccess) throw new AppError('auth.impersonation_forbidden');
    if (claims) await requireLiveSession(deps, claims);
  });
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Signing out must work for a revoked session too, so its browser drops the dead cookies. */
    allowsRevokedSession?: boolean;
    /** Identity routes that a support-access (impersonation) session may change through. */
    allowsSupportAccess?: boolean;
  }
}
