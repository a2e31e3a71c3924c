import { AppError } from '../../platform/errors/index.js';
import type { IdentityDeps } from '../identity-deps.js';
import { tokenForSession } from '../sessions/issue-session.js';
import { moveLiveSession } from '../sessions/session-store.js';
import type { SessionClaims } from '../sessions/session-token.js';

/**
 * Points the caller's own session row at another tenant and re-issues its token. The row keeps
 * its id, authentication time and MFA proof: switching tenants is not a sign-in, so it neither
 * grants nor drops MFA. The claims are recomputed from the database, so `tid` and `role` only
 * appear if the membership exists.
 */
export async function moveSessionToTenant(
  deps: IdentityDeps,
  input: { userId: string; sessionId: string; tenantId: string },
): Promise<{ token: string; claims: SessionClaims }> {
  const row = await moveLiveSession(deps.db, deps.clock, input);
  if (!row) throw new AppError('auth.required');
  return tokenForSession(deps, row);
}
