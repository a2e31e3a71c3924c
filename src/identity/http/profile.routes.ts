import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { updateProfile } from '../accounts/update-profile.js';
import type { IdentityDeps } from '../identity-deps.js';
import type { SessionResolver } from '../sessions/session-resolver.js';
import { currentSession } from './current-session.js';
import { profileBodySchema, profileResponseSchema } from './profile.types.js';

/** The user's own profile: the display name (the address changes through the email-change routes). */
export function registerProfileRoutes(app: FastifyInstance, deps: IdentityDeps, resolver: SessionResolver): void {
  app.withTypeProvider<ZodTypeProvider>().patch('/api/v1/auth/profile', {
    config: { auth: 'session' },
    schema: {
      summary: 'Update the display name',
      description: 'The email address is not part of the profile: see `POST /api/v1/auth/email-change`.',
      tags: ['auth'],
      body: profileBodySchema,
      response: { 200: profileResponseSchema },
    },
    handler: async (request) => updateProfile(deps, { userId: currentSession(resolver, request).sub, displayName: request.body.displayName }),
  });
}
