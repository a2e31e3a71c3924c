import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformPermission } from '../../platform/access/platform-permissions.js';
import { AppError } from '../../platform/errors/index.js';
import { sendErrorPage, type PageAssets, supportAccessOf, type NavLink, type PageChrome, type PageViewer } from '../../platform/pages/index.js';
import type { AdminDeps } from '../admin-deps.js';
import { idOf } from '../queries/search-pattern.js';

/** What the admin pages share. */
export interface AdminPageContext {
  readonly deps: AdminDeps;
  readonly assets: PageAssets;
  /** Where the part is mounted on its origin: `/admin` on the one origin and on `auth.<domain>`. */
  readonly base: string;
  /** The portal's origin when it is another host (host mode), else `''`. */
  readonly portalUrl: string;
  /** The trust pages' origin when they live on another host (host mode), else `''`. */
  readonly trustUrl: string;
  readonly devMail: boolean;
}

/** The chrome of a page the admin reached: their address in the header (one primary-key read). */
export async function adminChrome(context: AdminPageContext, request: FastifyRequest): Promise<PageChrome> {
  const userId = idOf(request.principal?.subject);
  const { rows } = userId ? await context.deps.db.query<{ email: string }>('SELECT email FROM users WHERE id = $1', [userId]) : { rows: [] };
  return chromeFor(context, request, { email: rows[0]?.email ?? null, tenantName: null });
}

/** The navigation of every admin page, the support access pages (identity's part) included. */
export function adminNavLinks(base: string, portalUrl: string): NavLink[] {
  return [
    { href: `${base}`, label: 'Overview' },
    { href: `${base}/tenants`, label: 'Tenants' },
    { href: `${base}/users`, label: 'Users' },
    { href: `${base}/sessions`, label: 'Sessions' },
    { href: `${base}/tokens`, label: 'Tokens' },
    { href: `${base}/audit`, label: 'Audit log' },
    { href: `${base}/impersonation`, label: 'Support access' },
    { href: `${portalUrl}/`, label: 'All apps' },
  ];
}

/** The chrome; without a viewer (an error page) the navigation is left out. */
export function chromeFor(context: AdminPageContext, request: FastifyRequest, viewer: PageViewer | null): PageChrome {
  const { base, portalUrl } = context;
  return {
    assets: context.assets,
    viewer,
    devMail: context.devMail && portalUrl === '',
    path: request.url.split('?')[0] ?? '/',
    navLinks: adminNavLinks(base, portalUrl),
    homeHref: `${portalUrl}/`,
    navLabel: 'Platform administration',
    signOutNext: 'reload',
    trustUrl: context.trustUrl,
    // A support session carries no platform groups, so it never reaches these pages; the field is still set.
    supportAccess: supportAccessOf(request),
  };
}

/**
 * Page routes: a `platform:<permission>` posture (MFA-verified), hidden from the OpenAPI
 * document, errors as the HTML error page (a signed-in user without the permission sees a 403
 * page, not JSON), sign-in and MFA as redirects.
 */
export function pageOptions(context: AdminPageContext, permission: PlatformPermission) {
  return {
    config: { auth: `platform:${permission}` as const },
    schema: { hide: true },
    errorHandler: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const location = authRedirect(context, error, request);
      if (location !== null) return reply.redirect(location, 303);
      return sendErrorPage(chromeFor(context, request, null), error, request, reply);
    },
  };
}

function authRedirect(context: AdminPageContext, error: unknown, request: FastifyRequest): string | null {
  if (!(error instanceof AppError) || !['GET', 'HEAD'].includes(request.method)) return null;
  const target = error.code === 'auth.required' ? '/sign-in' : error.code === 'auth.mfa_required' ? '/mfa' : null;
  if (target === null) return null;
  return context.portalUrl === '' ? `${target}?return_to=${encodeURIComponent(request.url)}` : `${context.portalUrl}${target}`;
}
