import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { normaliseAddress } from '../../platform/rate-limit/index.js';
import { confirmEmailChange } from '../accounts/confirm-email-change.js';
import { cancelEmailChange, pendingEmailChange } from '../accounts/pending-email-change.js';
import { requestEmailChange } from '../accounts/request-email-change.js';
import type { IdentityDeps } from '../identity-deps.js';
import type { SessionResolver } from '../sessions/session-resolver.js';
import { tokenBodySchema } from './auth.types.js';
import { currentSession } from './current-session.js';
import { emailChangeBodySchema, emailChangeConfirmedSchema, emailChangeRequestedSchema, pendingEmailChangeSchema } from './email-change.types.js';

/** Changing the sign-in address: request (pending), confirm with the link mailed to the new address, read or withdraw. */
export function registerEmailChangeRoutes(app: FastifyInstance, deps: IdentityDeps, resolver: SessionResolver): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.post('/api/v1/auth/email-change', {
    config: { auth: 'session' },
    schema: {
      summary: 'Ask to change the sign-in address (needs a fresh sign-in)',
      description:
        'Mails a confirmation link (24 hours) to the new address and a notice to the current one; nothing changes until the link is used in this account. The answer is the same whether or not another account holds the address.',
      tags: ['auth'],
      body: emailChangeBodySchema,
      response: { 202: emailChangeRequestedSchema },
    },
    handler: async (request, reply) => {
      const claims = currentSession(resolver, request);
      const result = await requestEmailChange(deps, { userId: claims.sub, sessionId: claims.sid, email: request.body.email, addressKey: normaliseAddress(request.ip) });
      return reply.status(202).send(result);
    },
  });

  routes.post('/api/v1/auth/email-change/confirm', {
    config: { auth: 'session' },
    schema: {
      summary: 'Confirm a change of sign-in address with the token mailed to the new address',
      description: 'Works only in a session of the account that asked. 409 account.email_taken when another account took the address meanwhile.',
      tags: ['auth'],
      body: tokenBodySchema,
      response: { 200: emailChangeConfirmedSchema },
    },
    handler: async (request) => confirmEmailChange(deps, { userId: currentSession(resolver, request).sub, token: request.body.token, addressKey: normaliseAddress(request.ip) }),
  });

  routes.get('/api/v1/auth/email-change', {
    config: { auth: 'session' },
    schema: { summary: 'The pending change of sign-in address, if any', tags: ['auth'], response: { 200: pendingEmailChangeSchema } },
    handler: async (request) => {
      const pending = await pendingEmailChange(deps, currentSession(resolver, request).sub);
      return { pending: pending ? { email: pending.email, expiresAt: pending.expiresAt.toISOString() } : null };
    },
  });

  routes.delete('/api/v1/auth/email-change', {
    config: { auth: 'session' },
    schema: { summary: 'Withdraw the pending change of sign-in address', tags: ['auth'], response: { 204: z.null() } },
    handler: async (request, reply) => {
      await cancelEmailChange(deps, currentSession(resolver, request).sub);
      return reply.status(204).send(null);
    },
  });
}
