import type { SessionClaims } from '../sessions/session-token.js';

/** The `{ state, graceEndsAt }` object the API returns for a session. */
export function mfaStateView(claims: Pick<SessionClaims, 'mfa' | 'grace_until'>) {
  return { state: claims.mfa, graceEndsAt: new Date(claims.grace_until * 1000).toISOString() };
}
