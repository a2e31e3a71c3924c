import type { FastifyInstance } from 'fastify';
import type { AuthResolvers, ErrorPageRenderer, SuitePart } from '../platform/http/index.js';
import { impersonationAdminPart, type AdminPartOptions } from './admin/admin-part.js';
import { developmentMailboxDirectory } from '../platform/mail/index.js';
import { createTokenCacheListener, createTokenResolver, TokenCache } from './api-tokens/index.js';
import { createServiceKeyResolver } from './service-keys/index.js';
import { registerApiTokenRoutes } from './http/api-tokens.routes.js';
import { registerAuthRoutes } from './http/auth.routes.js';
import { registerEmailChangeRoutes } from './http/email-change.routes.js';
import { registerJwksRoute } from './http/jwks.routes.js';
import { registerLaunchRoute } from './http/launch.routes.js';
import { registerMemberRoutes } from './http/members.routes.js';
import { registerTenantAuditRoutes } from './http/tenant-audit.routes.js';
import { registerImpersonationRoutes } from './http/impersonation.routes.js';
import { registerSupportAccessRoutes } from './http/support-access.routes.js';
import { recordSupportAccessActions } from './impersonation/index.js';
import { registerMfaRoutes } from './http/mfa.routes.js';
import { registerPasskeyRoutes } from './http/passkey.routes.js';
import { registerPasswordRoutes } from './http/password.routes.js';
import { registerProfileRoutes } from './http/profile.routes.js';
import { registerSessionRoutes } from './http/sessions.routes.js';
import { registerTenantRoutes } from './http/tenants.routes.js';
import type { IdentityDeps } from './identity-deps.js';
import { createTenantAppAccess } from './launch/tenant-app-access.js';
import { createErrorPageRenderer, registerPortalPages } from './portal/index.js';
import { requireLiveSessionForChanges } from './sessions/require-live-session.js';
import { createSessionResolver, type SessionResolver } from './sessions/session-resolver.js';

export interface Identity {
  readonly deps: IdentityDeps;
  readonly sessions: SessionResolver;
  /** The credential resolvers identity provides to the posture hook. */
  readonly resolvers: AuthResolvers;
  /** Verified personal access tokens of this process (null with `BSNS_TOKEN_CACHE=off`). */
  readonly tokenCache: TokenCache | null;
  /** The portal's HTML error page, for errors outside any page route (e.g. a page that does not exist). */
  readonly renderErrorPage: ErrorPageRenderer;
  registerRoutes(app: FastifyInstance): void;
  /** The `/admin` part's impersonation pages (mounted by the composition root with the other parts). */
  impersonationAdminPart(options: Omit<AdminPartOptions, 'devMail'>): SuitePart;
}

/** The identity portal's back end: sessions, sign-in, factors, launch and the JWKS. */
export function createIdentity(deps: IdentityDeps): Identity {
  const sessions = createSessionResolver(deps);
  // One cache for the launcher page and the launch route, so the two never disagree about an app.
  const isAppEnabled = createTenantAppAccess(deps.db, deps.clock);
  // Closed (every token read from the database) until its listener has LISTENed; stopped with the server.
  const tokenCache = deps.tokenCacheUrl ? new TokenCache() : null;
  const listener = tokenCache && deps.tokenCacheUrl ? createTokenCacheListener({ connectionString: deps.tokenCacheUrl, cache: tokenCache, logger: deps.logger }) : null;
  return {
    deps,
    sessions,
    tokenCache,
    resolvers: { session: sessions.resolve, token: createTokenResolver(deps, tokenCache && listener ? { cache: tokenCache, sync: () => listener.sync() } : undefined), service: createServiceKeyResolver(deps) },
    renderErrorPage: createErrorPageRenderer({ devMail: developmentMailboxDirectory(deps.config) !== null, trustUrl: deps.config.domain ? `https://${deps.config.domain}` : '' }),
    impersonationAdminPart: (options) => impersonationAdminPart(deps, sessions, { ...options, devMail: developmentMailboxDirectory(deps.config) !== null }),
    registerRoutes(app) {
      if (listener) {
        listener.start();
        app.addHook('onClose', () => listener.stop());
      }
      // First, so it covers every part's routes registered after it: what support access changes is recorded.
      recordSupportAccessActions(app, deps);
      registerJwksRoute(app, deps.signingKeys);
      registerLaunchRoute(app, deps, sessions, isAppEnabled);
      registerPortalPages(app, deps, sessions, isAppEnabled);
      // Identity's JSON API in one scope, whose every state change checks the session row.
      void app.register(async (api) => {
        requireLiveSessionForChanges(api, deps, sessions);
        registerAuthRoutes(api, deps, sessions);
        registerMfaRoutes(api, deps, sessions);
        registerPasskeyRoutes(api, deps, sessions);
        registerSessionRoutes(api, deps, sessions);
        registerPasswordRoutes(api, deps, sessions);
        registerProfileRoutes(api, deps, sessions);
        registerEmailChangeRoutes(api, deps, sessions);
        registerTenantRoutes(api, deps, sessions);
        registerMemberRoutes(api, deps, sessions);
        registerTenantAuditRoutes(api, deps, sessions);
        registerApiTokenRoutes(api, deps, sessions);
        registerImpersonationRoutes(api, deps, sessions);
        registerSupportAccessRoutes(api, deps, sessions);
      });
    },
  };
}
