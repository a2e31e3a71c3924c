import { AppError } from '../../platform/errors/index.js';
import type { IdentityDeps } from '../identity-deps.js';
import { hasSecondFactor } from '../mfa/index.js';
import { findLiveSession, type SessionRow } from '../sessions/session-store.js';

/** How recent a proof must be to add or remove a sign-in factor. */
export const FRESH_AUTH_MS = 10 * 60_000;

/**
 * Guards factor changes (control 12): a user who has a second factor must have proven it in
 * this session within the last ten minutes; a user without one (enrolling for the first time,
 * in or after the grace window) must have signed in within the last ten minutes. Read from the
 * live session row, not the token, so a revoked session cannot pass.
 */
export async function requireFreshAuth(deps: IdentityDeps, userId: string, sessionId: string): Promise<SessionRow> {
  const [session, enrolled] = await Promise.all([findLiveSession(deps.db, deps.clock, sessionId), hasSecondFactor(deps, userId)]);
  if (!session || session.user_id !== userId) throw new AppError('auth.required');
  // A support-access session never adds or removes a factor (SPEC control 18).
  if (session.impersonation_event_id) throw new AppError('auth.impersonation_forbidden');
  const now = deps.clock.now().getTime();
  const proofAt = enrolled ? session.mfa_verified_at : session.authenticated_at;
  if (!proofAt || now - proofAt.getTime() > FRESH_AUTH_MS) throw new AppError('auth.fresh_auth_required');
  return session;
}
