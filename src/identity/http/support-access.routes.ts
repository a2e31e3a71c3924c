import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { IdentityDeps } from '../identity-deps.js';
import {
  decideSupportRequest,
  findImpersonationEvent,
  listImpersonationActions,
  listImpersonationEvents,
  setSupportAccessNeedsApproval,
  supportAccessNeedsApproval,
} from '../impersonation/index.js';
import type { SessionResolver } from '../sessions/session-resolver.js';
import { requireManager } from '../tenants/tenant-access.js';
import { currentSession } from './current-session.js';
import {
  actionView,
  eventListQuerySchema,
  eventView,
  impersonationActionPageSchema,
  impersonationEventPageSchema,
  impersonationEventSchema,
  supportAccessSettingBodySchema,
  supportAccessSettingSchema,
} from './impersonation.types.js';
import { idParamsSchema } from './mfa.types.js';

/**
 * Support access, the tenant's side (owners and admins of the active tenant): the approval
 * setting, requests to approve or deny, and every impersonation with what was done in it. The
 * tenant comes from the session and the role from the database; an event of another tenant is
 * "not found".
 */
export function registerSupportAccessRoutes(app: FastifyInstance, deps: IdentityDeps, resolver: SessionResolver): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const manager = async (request: Parameters<typeof currentSession>[1]) => {
    const claims = currentSession(resolver, request);
    const { tenantId } = await requireManager(deps.db, { userId: claims.sub, tenantId: claims.tid });
    return { claims, tenantId };
  };

  routes.get('/api/v1/tenant/support-access', {
    config: { auth: 'session+mfa' },
    schema: { summary: 'Whether support access to the active tenant needs its approval', tags: ['tenants'], response: { 200: supportAccessSettingSchema } },
    handler: async (request) => ({ needsApproval: await supportAccessNeedsApproval(deps, (await manager(request)).tenantId) }),
  });

  routes.patch('/api/v1/tenant/support-access', {
    config: { auth: 'session+mfa' },
    schema: { summary: 'Require (or stop requiring) approval of support access (owners and admins)', tags: ['tenants'], body: supportAccessSettingBodySchema, response: { 200: supportAccessSettingSchema } },
    handler: async (request) => {
      const claims = currentSession(resolver, request);
      await setSupportAccessNeedsApproval(deps, { userId: claims.sub, tenantId: claims.tid, needsApproval: request.body.needsApproval, request });
      return { needsApproval: request.body.needsApproval };
    },
  });

  routes.get('/api/v1/tenant/support-access/events', {
    config: { auth: 'session+mfa' },
    schema: { summary: 'Support access requests and impersonations of the active tenant, newest first', tags: ['tenants'], querystring: eventListQuerySchema, response: { 200: impersonationEventPageSchema } },
    handler: async (request) => {
      const { tenantId } = await manager(request);
      const page = await listImpersonationEvents(deps.db, deps.clock, { tenantId }, request.query);
      return { ...page, items: page.items.map(eventView) };
    },
  });

  routes.get('/api/v1/tenant/support-access/events/:id/actions', {
    config: { auth: 'session+mfa', errorCodes: ['impersonation.not_found'] },
    schema: { summary: 'What support did during one impersonation of the active tenant', tags: ['tenants'], params: idParamsSchema, querystring: eventListQuerySchema, response: { 200: impersonationActionPageSchema } },
    handler: async (request) => {
      const { tenantId } = await manager(request);
      await findImpersonationEvent(deps.db, deps.clock, request.params.id, tenantId);
      const page = await listImpersonationActions(deps.db, request.params.id, request.query);
      return { ...page, items: page.items.map(actionView) };
    },
  });

  for (const decision of ['approve', 'deny'] as const) {
    routes.post(`/api/v1/tenant/support-access/events/:id/${decision}`, {
      config: { auth: 'session+mfa', errorCodes: ['impersonation.not_found', 'impersonation.not_pending', ...(decision === 'approve' ? (['impersonation.self_approval'] as const) : [])] },
      schema: {
        summary: decision === 'approve' ? 'Approve a support access request (the admin then has an hour to start it)' : 'Deny a support access request',
        tags: ['tenants'],
        params: idParamsSchema,
        response: { 200: impersonationEventSchema },
      },
      handler: async (request) => {
        const claims = currentSession(resolver, request);
        await decideSupportRequest(deps, { userId: claims.sub, tenantId: claims.tid, eventId: request.params.id, decision, request });
        return eventView(await findImpersonationEvent(deps.db, deps.clock, request.params.id));
      },
    });
  }
}
