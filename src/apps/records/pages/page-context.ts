import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../../platform/errors/index.js';
import { sendErrorPage, supportAccessOf, type PageAssets, type PageChrome } from '../../../platform/pages/index.js';
import { currentTenantTransaction } from '../../../platform/tenancy/index.js';
import type { RecordsDeps } from '../records-deps.js';

/** What the records pages share. */
export interface RecordsPageContext {
  readonly deps: RecordsDeps;
  readonly assets: PageAssets;
  /** Where the app is mounted on its origin: `/records` under a path prefix, `''` on its own host. */
  readonly base: string;
  /** The portal's origin when it is another host (host mode), else `''`. */
  readonly portalUrl: string;
  /** The trust pages' origin when they live on another host (host mode), else `''`. */
  readonly trustUrl: string;
  readonly devMail: boolean;
}

export function chromeFor(context: RecordsPageContext, request: FastifyRequest, tenantName: string | null): PageChrome {
  const { base, portalUrl } = context;
  return {
    assets: context.assets,
    viewer: tenantName === null ? null : { email: null, tenantName },
    devMail: context.devMail && portalUrl === '',
    path: request.url.split('?')[0] ?? '/',
    navLinks: [
      { href: `${base}/`, label: 'People' },
      { href: `${base}/companies`, label: 'Companies' },
      { href: `${base}/tasks`, label: 'Tasks' },
      { href: `${base}/import`, label: 'Import' },
      { href: `${base}/notifications`, label: 'Notifications' },
      { href: `${base}/settings/webhooks`, label: 'Webhooks' },
      { href: `${portalUrl}/`, label: 'All apps' },
    ],
    homeHref: `${portalUrl}/`,
    navLabel: 'Records',
    // Reloading a records page after sign-out sends the browser to the portal's sign-in.
    signOutNext: 'reload',
    trustUrl: context.trustUrl,
    supportAccess: supportAccessOf(request),
  };
}

/** The tenant's display name, read inside the page's tenant transaction. */
export async function tenantName(): Promise<string | null> {
  const { rows } = await currentTenantTransaction().query<{ name: string }>('SELECT name FROM tenants');
  return rows[0]?.name ?? null;
}

/** Page routes: `session+mfa`, hidden from the OpenAPI document, errors as HTML (sign-in as a redirect). */
export function pageOptions(context: RecordsPageContext) {
  return {
    config: { auth: 'session+mfa' as const },
    schema: { hide: true },
    errorHandler: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const location = authRedirect(context, error, request);
      if (location !== null) return reply.redirect(location, 303);
      return sendErrorPage(chromeFor(context, request, null), error, request, reply);
    },
  };
}

function authRedirect(context: RecordsPageContext, error: unknown, request: FastifyRequest): string | null {
  if (!(error instanceof AppError) || !['GET', 'HEAD'].includes(request.method)) return null;
  const target = error.code === 'auth.required' ? '/sign-in' : error.code === 'auth.mfa_required' ? '/mfa' : null;
  if (target === null) return null;
  // Same origin: come back here afterwards. On its own host the portal cannot return across origins.
  return context.portalUrl === '' ? `${target}?return_to=${encodeURIComponent(request.url)}` : `${context.portalUrl}${target}`;
}
