import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors/index.js';
import { pageQuerySchema, pageSchema } from '../../platform/paging/index.js';
import type { IdentityDeps } from '../identity-deps.js';
import { recordSecurityEvent } from '../security-events.js';
import type { SessionResolver } from '../sessions/session-resolver.js';
import { listLiveSessions, revokeSession } from '../sessions/session-store.js';
import { currentSession } from './current-session.js';
import { idParamsSchema } from './mfa.types.js';

const sessionListSchema = pageSchema(
  z.object({
    id: z.uuid(),
    current: z.boolean(),
    createdAt: z.iso.datetime(),
    lastSeenAt: z.iso.datetime(),
    userAgent: z.string().nullable(),
    ipAddress: z.string().nullable(),
    mfaVerified: z.boolean(),
  }),
);

/** Listing and revoking the user's own sessions (a revoked session's token dies within its lifetime). */
export function registerSessionRoutes(app: FastifyInstance, deps: IdentityDeps, resolver: SessionResolver): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.get('/api/v1/auth/sessions', {
    config: { auth: 'session' },
    schema: {
      summary: "The current user's live sessions, newest first, one page at a time",
      tags: ['sessions'],
      querystring: pageQuerySchema(),
      response: { 200: sessionListSchema },
    },
    handler: async (request) => {
      const claims = currentSession(resolver, request);
      const page = await listLiveSessions(deps.db, deps.clock, claims.sub, request.query);
      return {
        ...page,
        items: page.items.map((row) => ({
          id: row.id,
          current: row.id === claims.sid,
          createdAt: row.created_at.toISOString(),
          lastSeenAt: row.last_seen_at.toISOString(),
          userAgent: row.user_agent,
          ipAddress: row.ip_address,
          mfaVerified: row.mfa_verified_at !== null,
        })),
      };
    },
  });

  routes.delete('/api/v1/auth/sessions/:id', {
    config: { auth: 'session' },
    schema: { summary: 'Revoke one of your sessions', tags: ['sessions'], params: idParamsSchema, response: { 204: z.null() } },
    handler: async (request, reply) => {
      const claims = currentSession(resolver, request);
      // Scoped to the caller: another user's session id answers the same as an unknown one.
      if (!(await revokeSession(deps.db, deps.clock, claims.sub, request.params.id))) throw new AppError('auth.session_not_found');
      await recordSecurityEvent(deps, {
        actor: { type: 'user', id: claims.sub },
        action: 'auth.session.revoked',
        target: { type: 'session', id: request.params.id },
        clientAddress: request.ip,
      });
      return reply.status(204).send(null);
    },
  });
}
