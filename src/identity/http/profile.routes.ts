import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { normaliseAddress } from '../../platform/rate-limit/index.js';
import { updateProfile } from '../accounts/update-profile.js';
import type { IdentityDeps } from '../identity-deps.js';
import type { SessionResolver } from '../sessions/session-resolver.js';
import { currentSession } from './current-session.js';
import { profileBodySchema, profileResponseSchema } from './profile.types.js';

/** The user's own profile: display name and email address (never its verified flag). */
export function registerProfileRoutes(app: FastifyInstance, deps: IdentityDeps, resolver: SessionResolver): void {
  app.withTypeProvider<ZodTypeProvider>().patch('/api/v1/auth/profile', {
    config: { auth: 'session' },
    schema: {
      summary: 'Update the display name or email address',
      description:
        'A new email address needs a fresh sign-in, starts unverified and gets a verification link. The answer is the same whether or not another account holds the address.',
      tags: ['auth'],
      body: profileBodySchema,
      response: { 200: profileResponseSchema },
    },
    handler: async (request) => {
      const claims = currentSession(resolver, request);
      return updateProfile(deps, {
        userId: claims.sub,
        sessionId: claims.sid,
        displayName: request.body.displayName,
        email: request.body.email,
        addressKey: normaliseAddress(request.ip),
      });
    },
  });
}
