import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../../platform/errors/index.js';
import type { AuthPosture } from '../../../platform/http/index.js';
import { sendErrorPage, supportAccessOf, type PageAssets, type PageChrome } from '../../../platform/pages/index.js';
import type { IdentityDeps } from '../../identity-deps.js';
import type { SessionResolver } from '../../sessions/session-resolver.js';
import { loadViewer, type Viewer } from '../loaders/load-viewer.js';
import { authRedirectFor } from '../navigation-redirects.js';
import type { TenantAppAccess } from '../../launch/tenant-app-access.js';

export { sendPage } from '../../../platform/pages/index.js';

/** What page routes share: identity's dependencies, the session resolver and the built assets. */
export interface PortalContext {
  readonly deps: IdentityDeps;
  readonly sessions: SessionResolver;
  readonly assets: PageAssets;
  /** Shared with the launch route: which apps the tenant has switched on. */
  readonly isAppEnabled: TenantAppAccess;
  readonly devMail: boolean;
}

const PORTAL_NAV = [
  { href: '/', label: 'Apps' },
  { href: '/account/security', label: 'Security' },
  { href: '/account/tokens', label: 'API tokens' },
  { href: '/tenants', label: 'Tenants' },
  { href: '/tenant/members', label: 'Members' },
  { href: '/tenant/support-access', label: 'Support access' },
  { href: '/tenant/audit', label: 'Audit log' },
  { href: '/tenant/tokens', label: 'Member tokens' },
] as const;

/**
 * The route options of an HTML page: its posture, hidden from the OpenAPI document (it is not
 * API), and an error handler that sends a browser to sign-in or MFA instead of showing JSON.
 */
export function pageOptions(context: PortalContext, auth: AuthPosture) {
  return {
    config: { auth },
    schema: { hide: true },
    errorHandler: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => handlePageError(context, error, request, reply),
  };
}

export function chromeFor(context: PortalContext, request: FastifyRequest, viewer: Viewer | null): PageChrome {
  const { domain } = context.deps.config;
  return portalChrome({ assets: context.assets, viewer, devMail: context.devMail, path: request.url.split('?')[0] ?? '/', trustUrl: domain ? `https://${domain}` : '', supportAccess: supportAccessOf(request) });
}

/** The portal's page chrome, also for pages rendered outside any route (the not-found page). */
export function portalChrome(options: { assets: PageAssets; viewer: Viewer | null; devMail: boolean; path: string; trustUrl: string; supportAccess?: PageChrome['supportAccess'] }): PageChrome {
  const { assets, viewer, devMail, path, trustUrl } = options;
  return {
    assets,
    viewer: viewer ? { email: viewer.email, tenantName: viewer.tenant?.name ?? null } : null,
    devMail,
    path,
    navLinks: PORTAL_NAV,
    homeHref: '/',
    navLabel: 'Portal',
    signOutNext: '/sign-in?notice=signed_out',
    trustUrl,
    supportAccess: options.supportAccess ?? null,
  };
}

/** The signed-in viewer of a page behind a `session` posture. */
export async function requireViewer(context: PortalContext, request: FastifyRequest): Promise<Viewer> {
  const claims = context.sessions.claimsOf(request);
  const viewer = claims ? await loadViewer(context.deps, claims) : null;
  if (!viewer) throw new AppError('auth.required');
  return viewer;
}

/** The viewer of a public page, if the request carries a live session (it may refresh the cookie). */
export async function optionalViewer(context: PortalContext, request: FastifyRequest, reply: FastifyReply): Promise<Viewer | null> {
  const principal = await context.sessions.resolve(request, reply);
  // A public route's posture hook sets no principal; record it, since the claims are read from it.
  if (principal) request.principal = principal;
  const claims = principal ? context.sessions.claimsOf(request) : undefined;
  return claims ? loadViewer(context.deps, claims) : null;
}

function handlePageError(context: PortalContext, error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const location = authRedirectFor(error, request);
  if (location !== null) return reply.redirect(location, 303);
  return sendErrorPage(chromeFor(context, request, null), error, request, reply);
}
