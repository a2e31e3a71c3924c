export { createIdentity } from './create-identity.js';
export type { Identity } from './create-identity.js';
export type { IdentityDeps } from './identity-deps.js';
export { SigningKeys } from './sessions/signing-keys.js';
export { issueSessionToken, verifySessionToken, SESSION_AUDIENCE, SESSION_TOKEN_TYPE } from './sessions/session-token.js';
export type { SessionClaims, VerifiedSession } from './sessions/session-token.js';
export { sessionCookieNames } from './sessions/session-cookies.js';
export { LAUNCHABLE_APPS, appUrl } from './launch/suite-apps.js';
export { tenantMemberDirectory } from './tenants/member-directory.js';
