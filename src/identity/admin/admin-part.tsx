import { fileURLToPath } from 'node:url';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../platform/errors/index.js';
import type { SuitePart } from '../../platform/http/index.js';
import { pageAssets, registerAssetRoutes, sendErrorPage, sendPage, supportAccessOf, type NavLink, type PageAssets, type PageBundle, type PageChrome } from '../../platform/pages/index.js';
import { DEFAULT_PAGE_LIMIT, pageQuerySchema } from '../../platform/paging/index.js';
import type { IdentityDeps } from '../identity-deps.js';
import { findImpersonationEvent, listImpersonationActions, listImpersonationEvents } from '../impersonation/index.js';
import { loadViewer, type Viewer } from '../portal/loaders/load-viewer.js';
import { authRedirectFor } from '../portal/navigation-redirects.js';
import type { SessionResolver } from '../sessions/session-resolver.js';
import { ImpersonationAdminPage, ImpersonationEventAdminPage } from './views/impersonation-admin-page.js';

const ADMIN_BUNDLE: PageBundle = { name: 'support-access', entry: fileURLToPath(new URL('./client/admin.ts', import.meta.url)) };

export interface AdminPartOptions {
  readonly devMail: boolean;
  /** The admin area's navigation (its other pages are the admin module's): handed in by the composition root. */
  readonly navLinks: (base: string) => readonly NavLink[];
  /** The trust pages' origin when they live on another host (host mode), else `''`. */
  readonly trustUrl: string;
}

/**
 * The platform admin's pages as a part of the suite: `/admin` on the one origin, or
 * `auth.<domain>/admin` in host mode (the portal's host, so sign-in and MFA redirects stay on
 * it). This part holds impersonation only; every page needs `platform:users:impersonate`, which
 * means a second factor proven in this session.
 */
export function impersonationAdminPart(deps: IdentityDeps, sessions: SessionResolver, options: AdminPartOptions): SuitePart {
  return {
    id: 'admin',
    pathPrefix: '/admin',
    hostLabel: 'auth',
    hostPathPrefix: '/admin',
    plugin: async (scope: FastifyInstance) => {
      const base = scope.prefix;
      // Its own bundle under /admin/impersonation/assets: the admin module's part serves /admin/assets.
      const assets = await pageAssets(ADMIN_BUNDLE, `${base}/impersonation`);
      await scope.register(async (own) => registerAssetRoutes(own, assets), { prefix: '/impersonation' });
      registerImpersonationPages(scope, { deps, sessions, assets, base, devMail: options.devMail, navLinks: options.navLinks(base), trustUrl: options.trustUrl });
    },
  };
}

interface AdminContext {
  readonly deps: IdentityDeps;
  readonly sessions: SessionResolver;
  readonly assets: PageAssets;
  readonly base: string;
  readonly devMail: boolean;
  readonly navLinks: readonly NavLink[];
  readonly trustUrl: string;
}

function chromeFor(context: AdminContext, request: FastifyRequest, viewer: Viewer | null): PageChrome {
  return {
    assets: context.assets,
    viewer: viewer ? { email: viewer.email, tenantName: null } : null,
    devMail: context.devMail,
    path: request.url.split('?')[0] ?? '/',
    navLinks: context.navLinks,
    homeHref: '/',
    navLabel: 'Platform administration',
    trustUrl: context.trustUrl,
    signOutNext: '/sign-in?notice=signed_out',
    supportAccess: supportAccessOf(request),
  };
}

function registerImpersonationPages(app: FastifyInstance, context: AdminContext): void {
  const { deps } = context;
  const options = {
    config: { auth: 'platform:users:impersonate' as const },
    schema: { hide: true },
    errorHandler: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const location = authRedirectFor(error, request);
      if (location !== null) return reply.redirect(location, 303);
      return sendErrorPage(chromeFor(context, request, null), error, request, reply);
    },
  };

  async function viewerOf(request: FastifyRequest): Promise<Viewer> {
    const claims = context.sessions.claimsOf(request);
    const viewer = claims ? await loadViewer(deps, claims) : null;
    if (!viewer) throw new AppError('auth.required');
    return viewer;
  }

  const listQuery = z.strictObject({ cursor: pageQuerySchema().shape.cursor });
  // `tenant` fills in the start form: the admin tenant page links here with it.
  const startQuery = listQuery.extend({ tenant: z.uuid().optional() });
  app.get('/impersonation', { ...options, schema: { ...options.schema, querystring: startQuery } }, async (request, reply) => {
    const viewer = await viewerOf(request);
    const { cursor, tenant } = request.query as z.infer<typeof startQuery>;
    const events = await listImpersonationEvents(deps.db, deps.clock, { tenantId: null }, { limit: DEFAULT_PAGE_LIMIT, cursor });
    return sendPage(reply, <ImpersonationAdminPage chrome={chromeFor(context, request, viewer)} base={context.base} viewerId={viewer.userId} events={events} tenantId={tenant} />);
  });

  const eventParams = z.object({ id: z.uuid() });
  app.get('/impersonation/:id', { ...options, schema: { ...options.schema, params: eventParams, querystring: listQuery } }, async (request, reply) => {
    const viewer = await viewerOf(request);
    const event = await findImpersonationEvent(deps.db, deps.clock, (request.params as z.infer<typeof eventParams>).id);
    const actions = await listImpersonationActions(deps.db, event.id, { limit: DEFAULT_PAGE_LIMIT, cursor: (request.query as z.infer<typeof listQuery>).cursor });
    return sendPage(reply, <ImpersonationEventAdminPage chrome={chromeFor(context, request, viewer)} base={context.base} event={event} actions={actions} />);
  });
}
