import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors/index.js';
import type { IdentityDeps } from '../identity-deps.js';
import {
  endImpersonation,
  findImpersonationEvent,
  listImpersonationActions,
  listImpersonationEvents,
  startApprovedImpersonation,
  startImpersonation,
  type StartOutcome,
} from '../impersonation/index.js';
import { clearSessionCookies, setSessionCookies } from '../sessions/session-cookies.js';
import type { SessionResolver } from '../sessions/session-resolver.js';
import { currentSession } from './current-session.js';
import {
  actionView,
  eventListQuerySchema,
  eventView,
  impersonationActionPageSchema,
  impersonationEventPageSchema,
  impersonationEventSchema,
  startImpersonationBodySchema,
} from './impersonation.types.js';
import { idParamsSchema } from './mfa.types.js';

const IMPERSONATE = 'platform:users:impersonate' as const;
const startedSchema = z.object({ event: impersonationEventSchema, started: z.boolean().describe('False when the tenant must approve first') });

/**
 * Support access (SPEC control 18), the platform admin's side: start one (or request it, when the
 * tenant asks for approval), start an approved one, list them, see what was done, end one early.
 * A started impersonation replaces this browser's session cookies with its own session: the
 * admin's own session stays live, and signing in again returns to it after the end.
 */
export function registerImpersonationRoutes(app: FastifyInstance, deps: IdentityDeps, resolver: SessionResolver): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  async function answer(reply: FastifyReply, outcome: StartOutcome, status: number) {
    if (outcome.kind === 'started') setSessionCookies(reply, deps.config, outcome.session);
    const event = await findImpersonationEvent(deps.db, deps.clock, outcome.eventId);
    return reply.status(status).send({ event: eventView(event), started: outcome.kind === 'started' });
  }

  routes.post('/api/v1/admin/impersonation', {
    config: { auth: IMPERSONATE, errorCodes: ['impersonation.tenant_not_found', 'tenant.disabled'] },
    schema: {
      summary: 'Enter a tenant as support, with a reason and a time box of at most 60 minutes',
      description: 'Starts at once and sets the support-access session cookies, or, when the tenant requires approval, creates a request its owners and admins are mailed about.',
      tags: ['admin'],
      body: startImpersonationBodySchema,
      response: { 201: startedSchema },
    },
    handler: async (request, reply) => {
      const claims = currentSession(resolver, request);
      const outcome = await startImpersonation(deps, { actor: claims, ...request.body, request });
      return answer(reply, outcome, 201);
    },
  });

  routes.post('/api/v1/admin/impersonation/:id/start', {
    config: { auth: IMPERSONATE, errorCodes: ['impersonation.not_found', 'impersonation.not_startable', 'tenant.disabled'] },
    schema: { summary: 'Start an approved support access request (within its approval window)', tags: ['admin'], params: idParamsSchema, response: { 200: startedSchema } },
    handler: async (request, reply) => {
      const claims = currentSession(resolver, request);
      return answer(reply, await startApprovedImpersonation(deps, { actor: claims, eventId: request.params.id, request }), 200);
    },
  });

  routes.post('/api/v1/admin/impersonation/:id/end', {
    config: { auth: IMPERSONATE, errorCodes: ['impersonation.not_found', 'impersonation.already_ended'] },
    schema: { summary: 'End support access early (or withdraw its request); its session is refused from the next request', tags: ['admin'], params: idParamsSchema, response: { 200: impersonationEventSchema } },
    handler: async (request) => {
      const claims = currentSession(resolver, request);
      await endImpersonation(deps, { userId: claims.sub, eventId: request.params.id, request, permission: 'users:impersonate' });
      return eventView(await findImpersonationEvent(deps.db, deps.clock, request.params.id));
    },
  });

  routes.get('/api/v1/admin/impersonation', {
    config: { auth: IMPERSONATE },
    schema: { summary: 'Impersonation events of every tenant, newest first', tags: ['admin'], querystring: eventListQuerySchema, response: { 200: impersonationEventPageSchema } },
    handler: async (request) => {
      const page = await listImpersonationEvents(deps.db, deps.clock, { tenantId: null }, request.query);
      return { ...page, items: page.items.map(eventView) };
    },
  });

  routes.get('/api/v1/admin/impersonation/:id/actions', {
    config: { auth: IMPERSONATE, errorCodes: ['impersonation.not_found'] },
    schema: { summary: 'The state-changing requests made during one impersonation', tags: ['admin'], params: idParamsSchema, querystring: eventListQuerySchema, response: { 200: impersonationActionPageSchema } },
    handler: async (request) => {
      await findImpersonationEvent(deps.db, deps.clock, request.params.id);
      const page = await listImpersonationActions(deps.db, request.params.id, request.query);
      return { ...page, items: page.items.map(actionView) };
    },
  });

  // The banner's End button: the support-access session ends itself and drops its cookies.
  routes.post('/api/v1/impersonation/end', {
    config: { auth: 'session', allowsSupportAccess: true, errorCodes: ['impersonation.not_found', 'impersonation.already_ended'] },
    schema: { summary: 'End the support access this session runs under', tags: ['auth'], response: { 204: z.null() } },
    handler: async (request, reply) => {
      const claims = currentSession(resolver, request);
      if (!claims.imp) throw new AppError('impersonation.not_found', 'This session is not support access.');
      await endImpersonation(deps, { userId: claims.sub, eventId: claims.imp, request, permission: null });
      clearSessionCookies(reply, deps.config);
      return reply.status(204).send(null);
    },
  });
}
