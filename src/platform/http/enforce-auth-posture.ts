import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { AppError, ERROR_CATALOGUE } from '../errors/index.js';
import type { PlatformPermission } from '../access/platform-permissions.js';
import { securityHeaders } from './security-headers.js';
import { credentialOf, describeRouteAuth, isRouteAuth, posturesOf, refuseDuringSupportAccess, type AuthPosture, type AuthResolvers, type Principal, type RouteAuth } from './auth-posture.js';

export interface RoutePosture {
  readonly method: string;
  readonly url: string;
  readonly auth: RouteAuth;
  /** Left out of the OpenAPI document on purpose (`schema.hide`): HTML pages and static assets. */
  readonly hidden?: boolean;
}

/** Thrown at registration when a route does not declare a valid auth posture. */
export class MissingAuthPostureError extends Error {
  override readonly name = 'MissingAuthPostureError';
}

/**
 * Installs the two halves of the posture rule on a server:
 * at registration every route must declare `config.auth`; at request time the declared
 * posture is enforced before any handler runs. Returns the live list of routes and postures.
 */
export function enforceAuthPostures(app: FastifyInstance, resolvers: AuthResolvers): RoutePosture[] {
  const routes: RoutePosture[] = [];
  app.decorateRequest('principal', null);
  app.decorateRequest('authPosture', null);

  app.addHook('onRoute', (route) => {
    const auth = route.config?.auth;
    const methods = ([] as string[]).concat(route.method);
    if (!isRouteAuth(auth)) {
      throw new MissingAuthPostureError(
        `Route ${methods.join(',')} ${route.url} declares no valid auth posture: set config.auth to public, session, session+mfa, session:mfa-pending, session:mfa-enroll, token, token:<scope>, service or platform:<permission>, or a list of alternatives with at most one per credential (${JSON.stringify(auth)})`,
      );
    }
    const hidden = (route.schema as { hide?: unknown } | undefined)?.hide === true;
    for (const method of methods) routes.push({ method, url: route.url, auth, ...(hidden ? { hidden } : {}) });
  });

  app.addHook('onRequest', async (request, reply) => {
    const auth = request.routeOptions.config.auth;
    // Only the not-found handler runs without a posture. Anything else lost its posture after
    // registration (a later onRoute hook rewrote it): refuse rather than treat it as public.
    if (auth === undefined && request.is404) return;
    if (!isRouteAuth(auth)) throw new MissingAuthPostureError(`Route ${request.method} ${request.routeOptions.url} lost its auth posture`);
    if (auth === 'public') return;
    const posture = postureFor(request, auth);
    const principal = await resolvePrincipal(request, reply, posture, resolvers);
    // Only a read may run while its credential is being confirmed; its answer waits (onSend).
    if (principal.confirmation && !READ_METHODS.has(request.method) && !(await principal.confirmation)) throw new AppError('auth.required');
    request.principal = principal;
    request.authPosture = posture;
  });

  // No answer leaves before its credential is confirmed: one found stale becomes a plain 401.
  app.addHook('onSend', async (request, reply, payload) => {
    const confirmation = request.principal?.confirmation;
    if (!confirmation || (await confirmation)) return payload;
    if (payload && typeof (payload as Partial<Readable>).destroy === 'function') (payload as Readable).destroy();
    for (const name of Object.keys(reply.getHeaders())) if (!KEPT_ON_REFUSAL.has(name)) reply.removeHeader(name);
    reply.code(401).header('content-type', 'application/json; charset=utf-8');
    return JSON.stringify({ error: { code: 'auth.required', message: ERROR_CATALOGUE['auth.required'].message } });
  });

  return routes;
}

const READ_METHODS = new Set(['GET', 'HEAD']);
/** Headers a refusal keeps from the answer it replaces: the security headers, never the read's own. */
const KEPT_ON_REFUSAL = new Set([...Object.keys(securityHeaders({ https: true })), 'x-request-id', 'cache-control', 'ratelimit', 'ratelimit-policy', 'vary']);

/** Bearer credentials by prefix: a personal access token starts `pat_`, anything else is judged as a service key. */
function presentedCredential(request: FastifyRequest): 'session' | 'token' | 'service' {
  const header = request.headers.authorization;
  if (typeof header !== 'string' || !/^bearer /i.test(header)) return 'session';
  return header.slice(7).trimStart().startsWith('pat_') ? 'token' : 'service';
}

/**
 * The one alternative that judges this request: the one reading the credential it carries.
 * A credential the route does not accept is refused outright (no fall-back to another kind).
 */
function postureFor(request: FastifyRequest, auth: RouteAuth): AuthPosture {
  const alternatives = posturesOf(auth);
  if (alternatives.length === 1) return alternatives[0]!;
  const presented = presentedCredential(request);
  const posture = alternatives.find((candidate) => credentialOf(candidate) === presented);
  if (!posture) throw new AppError('auth.required', `This endpoint accepts ${describeRouteAuth(auth)}.`);
  return posture;
}

async function resolvePrincipal(request: FastifyRequest, reply: FastifyReply, auth: AuthPosture, resolvers: AuthResolvers): Promise<Principal> {
  const family = credentialOf(auth);
  const [resolver, kind] = family === 'token' ? [resolvers.token, 'token'] : family === 'service' ? [resolvers.service, 'service'] : [resolvers.session, 'user'];
  const principal = resolver ? await resolver(request, reply) : null;
  // The kind check guards against crossed wiring: a browser session never passes for a machine credential.
  if (!principal || principal.kind !== kind) throw new AppError('auth.required');
  if (family === 'token' && auth !== 'token') {
    const scope = auth.slice('token:'.length);
    if (!principal.scopes?.includes(scope)) throw new AppError('auth.scope_required', `This token lacks the scope ${scope}.`);
  }
  if (family === 'token' || family === 'service' || auth === 'session:mfa-pending') return principal;
  // Every other session posture refuses a session that owes MFA; only enrolment lets a user
  // without any factor through, and never one who has a factor they have not proven.
  if (!principal.mfaSatisfied && !(auth === 'session:mfa-enroll' && principal.mfaOwed === 'enroll')) throw new AppError('auth.mfa_required');
  // Support access never enrols a factor, and never carries platform powers into the tenant.
  if (auth === 'session:mfa-enroll' || auth.startsWith('platform:')) refuseDuringSupportAccess(principal);
  if (auth === 'session' || auth === 'session+mfa' || auth === 'session:mfa-enroll') return principal;
  if (auth.startsWith('platform:')) {
    // The enrolment grace window is for a new member's own work, never for platform powers:
    // an admin must have proven a second factor in this very session.
    if (!principal.mfaVerifiedAt) throw new AppError('auth.mfa_required', 'Platform administration needs a second factor proven in this session.');
    const permission = auth.slice('platform:'.length) as PlatformPermission;
    if (!principal.platformPermissions.has(permission)) throw new AppError('auth.permission_denied');
  }
  return principal;
}
