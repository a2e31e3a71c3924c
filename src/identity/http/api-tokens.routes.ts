import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createApiToken, listOwnApiTokens, listTenantApiTokens, revokeOwnApiToken, revokeTenantApiToken, type ApiTokenView } from '../api-tokens/index.js';
import type { IdentityDeps } from '../identity-deps.js';
import type { SessionResolver } from '../sessions/session-resolver.js';
import { apiTokenListSchema, createApiTokenBodySchema, createdApiTokenSchema } from './api-tokens.types.js';
import { currentSession } from './current-session.js';
import { idParamsSchema } from './mfa.types.js';

const iso = (date: Date | null) => (date === null ? null : date.toISOString());

function tokenView(token: ApiTokenView) {
  return {
    ...token,
    scopes: [...token.scopes],
    createdAt: token.createdAt.toISOString(),
    expiresAt: token.expiresAt.toISOString(),
    lastUsedAt: iso(token.lastUsedAt),
    revokedAt: iso(token.revokedAt),
  };
}

/**
 * Personal access tokens: a user mints, lists and revokes their own (for their active tenant);
 * the tenant's owners and admins list and revoke their members' tokens for that tenant.
 * Session only (never a token: a token cannot mint tokens), with MFA.
 */
export function registerApiTokenRoutes(app: FastifyInstance, deps: IdentityDeps, resolver: SessionResolver): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.post('/api/v1/account/tokens', {
    config: { auth: 'session+mfa', errorCodes: ['quota.exceeded', 'api_token.tenant_not_member'] },
    schema: {
      summary: 'Create a personal access token for one of your tenants (the active one by default)',
      description: 'The response carries the token text once; it cannot be read back later.',
      tags: ['tokens'],
      body: createApiTokenBodySchema,
      response: { 201: createdApiTokenSchema },
    },
    handler: async (request, reply) => {
      const claims = currentSession(resolver, request);
      const { tenantId, ...body } = request.body;
      const { token, secret } = await createApiToken(
        deps,
        { userId: claims.sub, tenantId: tenantId ?? claims.tid },
        { ...body, expiresAt: new Date(body.expiresAt) },
        { namedTenant: tenantId !== undefined },
      );
      return reply.status(201).send({ token: tokenView(token), secret });
    },
  });

  routes.get('/api/v1/account/tokens', {
    config: { auth: 'session+mfa' },
    schema: { summary: "The current user's personal access tokens", tags: ['tokens'], response: { 200: apiTokenListSchema } },
    handler: async (request) => ({ tokens: (await listOwnApiTokens(deps.db, currentSession(resolver, request).sub)).map(tokenView) }),
  });

  routes.delete('/api/v1/account/tokens/:id', {
    config: { auth: 'session+mfa' },
    schema: { summary: 'Revoke one of your personal access tokens', tags: ['tokens'], params: idParamsSchema, response: { 204: z.null() } },
    handler: async (request, reply) => {
      await revokeOwnApiToken(deps.db, deps.clock, currentSession(resolver, request).sub, request.params.id);
      return reply.status(204).send(null);
    },
  });

  routes.get('/api/v1/tenant/tokens', {
    config: { auth: 'session+mfa' },
    schema: { summary: "Members' personal access tokens for the active tenant (owners and admins)", tags: ['tokens'], response: { 200: apiTokenListSchema } },
    handler: async (request) => {
      const claims = currentSession(resolver, request);
      return { tokens: (await listTenantApiTokens(deps.db, { userId: claims.sub, tenantId: claims.tid })).map(tokenView) };
    },
  });

  routes.delete('/api/v1/tenant/tokens/:id', {
    config: { auth: 'session+mfa' },
    schema: { summary: "Revoke a member's personal access token for the active tenant (owners and admins)", tags: ['tokens'], params: idParamsSchema, response: { 204: z.null() } },
    handler: async (request, reply) => {
      const claims = currentSession(resolver, request);
      await revokeTenantApiToken(deps.db, deps.clock, { userId: claims.sub, tenantId: claims.tid }, request.params.id);
      return reply.status(204).send(null);
    },
  });
}
