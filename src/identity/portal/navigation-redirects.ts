import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors/index.js';
import { withReturnTo } from './return-to.js';

/**
 * Whether a request is a browser navigation (a person following a link or typing a URL), as
 * opposed to an API call: only a GET that asks for HTML. Those are answered with a redirect to
 * the page that fixes the problem; API clients keep the JSON error.
 */
export function isHtmlNavigation(request: FastifyRequest): boolean {
  return (request.method === 'GET' || request.method === 'HEAD') && (request.headers.accept ?? '').includes('text/html');
}

/**
 * Where a browser goes when a page or launch refuses it: sign in, or complete MFA (the MFA page
 * sends users without a factor on to the setup page). Null for every other error.
 */
export function authRedirectFor(error: unknown, request: FastifyRequest): string | null {
  if (!(error instanceof AppError) || !isHtmlNavigation(request)) return null;
  if (error.code === 'auth.required') return withReturnTo('/sign-in', request.url);
  if (error.code === 'auth.mfa_required') return withReturnTo('/mfa', request.url);
  return null;
}

/**
 * A route-level error handler for browser-facing routes outside the portal (the app launch):
 * auth errors on navigations become redirects, anything else goes on to the suite's handler.
 */
export function redirectAuthErrorsToPortal(error: Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const location = authRedirectFor(error, request);
  if (location === null) throw error;
  return reply.redirect(location, 303);
}
