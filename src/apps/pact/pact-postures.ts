import type { RouteAuth } from '../../platform/http/index.js';

/**
 * Who may call the pact API: a browser session with MFA, or a personal access token with the
 * matching scope. A signer is neither: signing runs on the signer's link and its session cookie.
 */
export const PACT_READ = { auth: ['session+mfa', 'token:pact:read'] } as const satisfies { auth: RouteAuth };
export const PACT_WRITE = { auth: ['session+mfa', 'token:pact:write'] } as const satisfies { auth: RouteAuth };
