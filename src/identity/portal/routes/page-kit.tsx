import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { AppError, ERROR_CATALOGUE } from '../../../platform/errors/index.js';
import type { AuthPosture } from '../../../platform/http/index.js';
import type { IdentityDeps } from '../../identity-deps.js';
import type { SessionResolver } from '../../sessions/session-resolver.js';
import type { PortalAssets } from '../assets/build-portal-assets.js';
import { loadViewer, type Viewer } from '../loaders/load-viewer.js';
import { authRedirectFor } from '../navigation-redirects.js';
import { ErrorPage } from '../views/error-page.js';
import type { PageChrome } from '../views/layout.js';
import type { TenantAppAccess } from '../../launch/tenant-app-access.js';

/** What page routes share: identity's dependencies, the session resolver and the built assets. */
export interface PortalContext {
  readonly deps: IdentityDeps;
  readonly sessions: SessionResolver;
  readonly assets: PortalAssets;
  /** Shared with the launch route: which apps the tenant has switched on. */
  readonly isAppEnabled: TenantAppAccess;
  readonly devMail: boolean;
}

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
  return { assets: context.assets, viewer, devMail: context.devMail, path: request.url.split('?')[0] ?? '/' };
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
  const claims = principal ? context.sessions.claimsOf(request) : undefined;
  return claims ? loadViewer(context.deps, claims) : null;
}

/** Renders a page. Pages show account data and carry one-time tokens, so no cache keeps them. */
export function sendPage(reply: FastifyReply, page: VNode, status = 200): FastifyReply {
  return reply
    .status(status)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(`<!doctype html>${renderToString(page)}`);
}

function handlePageError(context: PortalContext, error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const location = authRedirectFor(error, request);
  if (location !== null) return reply.redirect(location, 303);
  const chrome = chromeFor(context, request, null);
  if (error instanceof AppError) return sendPage(reply, <ErrorPage chrome={chrome} status={error.status} message={error.message} />, error.status);
  if (error.validation) return sendPage(reply, <ErrorPage chrome={chrome} status={400} message="This link is malformed. Check that it was copied in full." />, 400);
  request.log.error({ err: error }, 'page failed');
  const message = `${ERROR_CATALOGUE['internal.error'].message} (request id ${request.id})`;
  return sendPage(reply, <ErrorPage chrome={chrome} status={500} message={message} />, 500);
}
