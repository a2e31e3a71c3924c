import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { SigningKeys } from '../sessions/signing-keys.js';

const jwksSchema = z.object({
  keys: z.array(z.looseObject({ kty: z.string(), kid: z.string(), alg: z.string(), use: z.literal('sig') })).max(16),
});

/** The public session-signing keys, for apps that verify session tokens on their own. */
export function registerJwksRoute(app: FastifyInstance, signingKeys: SigningKeys): void {
  app.withTypeProvider<ZodTypeProvider>().get('/.well-known/jwks.json', {
    config: { auth: 'public' },
    schema: { summary: 'Session token verification keys (JWKS)', tags: ['auth'], response: { 200: jwksSchema } },
    handler: async (_request, reply) => {
      // Short cache: a rotated key must reach verifiers well inside the retired key's overlap.
      reply.header('cache-control', 'public, max-age=300');
      let jwks = await signingKeys.jwks();
      if (jwks.keys.length === 0) {
        // A fresh installation has no key until the first sign-in; verifiers should never see an empty set.
        await signingKeys.signingKey();
        jwks = await signingKeys.jwks();
      }
      return jwks as z.output<typeof jwksSchema>;
    },
  });
}
