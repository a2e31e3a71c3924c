import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { IdentityDeps } from '../identity-deps.js';
import { setSessionCookies } from '../sessions/session-cookies.js';
import type { SessionResolver } from '../sessions/session-resolver.js';
import { createTenant, listMyTenants, switchTenant } from '../tenants/index.js';
import { currentSession } from './current-session.js';
import { createTenantBodySchema, switchTenantBodySchema, tenantListQuerySchema, tenantListSchema, tenantResponseSchema } from './tenants.types.js';

/** The user's tenants: list, create, and switch the session's active tenant. */
export function registerTenantRoutes(app: FastifyInstance, deps: IdentityDeps, resolver: SessionResolver): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.get('/api/v1/auth/tenants', {
    config: { auth: 'session' },
    schema: {
      summary: "The signed-in user's tenants, one page at a time, with the active one flagged",
      tags: ['tenants'],
      querystring: tenantListQuerySchema,
      response: { 200: tenantListSchema },
    },
    handler: async (request) => {
      const claims = currentSession(resolver, request);
      return listMyTenants(deps.db, { userId: claims.sub, activeTenantId: claims.tid, page: request.query });
    },
  });

  routes.post('/api/v1/auth/tenants', {
    config: { auth: 'session+mfa', errorCodes: ['quota.exceeded'] },
    schema: {
      summary: 'Create another tenant, owned by the signed-in user',
      description: 'The active tenant does not change; switch to the new one explicitly.',
      tags: ['tenants'],
      body: createTenantBodySchema,
      response: { 201: tenantResponseSchema },
    },
    handler: async (request, reply) => {
      const claims = currentSession(resolver, request);
      const tenant = await createTenant(deps, { userId: claims.sub, name: request.body.name });
      return reply.status(201).send({ tenant });
    },
  });

  routes.post('/api/v1/auth/tenants/switch', {
    config: { auth: 'session' },
    schema: {
      summary: 'Make another of your tenants the active one',
      description: 'Re-issues the session token for the same session; MFA state is unchanged.',
      tags: ['tenants'],
      body: switchTenantBodySchema,
      response: { 200: tenantResponseSchema },
    },
    handler: async (request, reply) => {
      const claims = currentSession(resolver, request);
      const switched = await switchTenant(deps, { userId: claims.sub, sessionId: claims.sid, tenantId: request.body.tenantId });
      setSessionCookies(reply, deps.config, { token: switched.token });
      return { tenant: switched.tenant };
    },
  });
}
