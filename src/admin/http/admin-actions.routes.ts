import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors/index.js';
import { findLiveSession } from '../../identity/sessions/session-store.js';
import type { AdminDeps } from '../admin-deps.js';
import type { AdminActor } from '../actions/admin-actor.js';
import { forceMfaReenrolment } from '../actions/reset-mfa.js';
import { revokeSessionAsAdmin, revokeUserSessionsAsAdmin } from '../actions/revoke-sessions.js';
import { revokeTokenAsAdmin } from '../actions/revoke-token.js';
import { setTenantDisabled } from '../actions/tenant-disabled.js';
import { setUserDisabled } from '../actions/user-disabled.js';
import { changedSchema, idParamsSchema, revokedSchema } from './admin.types.js';

/**
 * The admin actions. Each is a POST under a `:manage` posture and writes its audit entry in the
 * transaction of the change. Before any of them runs, the admin's own session row must still be
 * live: a signed token outlives a revocation by up to ten minutes, an admin action must not.
 */
export function registerAdminActionRoutes(app: FastifyInstance, deps: AdminDeps): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['admin'];
  const actor = (request: FastifyRequest): Promise<AdminActor> => liveAdmin(deps, request);

  for (const [verb, disabled] of [['disable', true], ['enable', false]] as const) {
    routes.post(`/api/v1/admin/users/:id/${verb}`, {
      config: { auth: 'platform:users:manage', errorCodes: ['admin.user_not_found', 'admin.self_action_refused'] },
      schema: {
        summary: disabled ? 'Disable a user: their sessions are revoked and their tokens refused at once' : 'Enable a disabled user',
        tags,
        params: idParamsSchema,
        response: { 200: changedSchema },
      },
      handler: async (request) => setUserDisabled(deps, await actor(request), request.params.id, disabled),
    });

    routes.post(`/api/v1/admin/tenants/:id/${verb}`, {
      config: { auth: 'platform:tenants:manage', errorCodes: ['admin.tenant_not_found'] },
      schema: {
        summary: disabled ? 'Disable a tenant: its tokens are refused, its sessions revoked, launching into it refused' : 'Enable a disabled tenant',
        tags,
        params: idParamsSchema,
        response: { 200: changedSchema },
      },
      handler: async (request) => setTenantDisabled(deps, await actor(request), request.params.id, disabled),
    });
  }

  routes.post('/api/v1/admin/users/:id/sessions/revoke', {
    config: { auth: 'platform:users:manage', errorCodes: ['admin.user_not_found'] },
    schema: { summary: 'Revoke every live session of a user', tags, params: idParamsSchema, response: { 200: revokedSchema } },
    handler: async (request) => revokeUserSessionsAsAdmin(deps, await actor(request), request.params.id),
  });

  routes.post('/api/v1/admin/sessions/:id/revoke', {
    config: { auth: 'platform:users:manage', errorCodes: ['auth.session_not_found'] },
    schema: { summary: 'Revoke one session, whoever holds it', tags, params: idParamsSchema, response: { 200: revokedSchema } },
    handler: async (request) => revokeSessionAsAdmin(deps, await actor(request), request.params.id),
  });

  routes.post('/api/v1/admin/users/:id/mfa/reset', {
    config: { auth: 'platform:users:manage', errorCodes: ['admin.user_not_found', 'admin.self_action_refused'] },
    schema: {
      summary: 'Force MFA re-enrolment: remove every factor and recovery code, revoke the sessions, tell the user by email',
      tags,
      params: idParamsSchema,
      response: { 204: z.null() },
    },
    handler: async (request, reply) => {
      await forceMfaReenrolment(deps, await actor(request), request.params.id);
      return reply.status(204).send(null);
    },
  });

  routes.post('/api/v1/admin/tokens/:id/revoke', {
    config: { auth: 'platform:users:manage', errorCodes: ['api_token.not_found'] },
    schema: { summary: "Revoke any user's personal access token", tags, params: idParamsSchema, response: { 200: changedSchema } },
    handler: async (request) => revokeTokenAsAdmin(deps, await actor(request), request.params.id),
  });
}

async function liveAdmin(deps: AdminDeps, request: FastifyRequest): Promise<AdminActor> {
  const principal = request.principal;
  if (principal?.kind !== 'user' || !principal.sessionId) throw new AppError('auth.required');
  const session = await findLiveSession(deps.db, deps.clock, principal.sessionId);
  if (!session || session.user_id !== principal.subject) throw new AppError('auth.required');
  return { userId: principal.subject, sessionId: principal.sessionId, clientAddress: request.ip };
}
