import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';

import { checkReadiness, type ReadinessCheck } from './readiness.js';

export type { ReadinessCheck } from './readiness.js';

const componentStatus = z.object({ name: z.string(), ok: z.boolean() });

/** `/healthz` (the process is alive), `/readyz` (its dependencies answer) and the OpenAPI document. */
export function registerPlatformRoutes(app: FastifyInstance, readiness: readonly ReadinessCheck[]): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.get('/healthz', {
    config: { auth: 'public' },
    schema: { summary: 'Liveness probe', tags: ['platform'], response: { 200: z.object({ status: z.literal('ok') }) } },
    handler: async () => ({ status: 'ok' as const }),
  });

  routes.get('/readyz', {
    config: { auth: 'public' },
    schema: {
      summary: 'Readiness probe: every dependency answered',
      tags: ['platform'],
      response: {
        200: z.object({ status: z.literal('ready'), components: z.array(componentStatus).max(32) }),
        503: z.object({ status: z.literal('unavailable'), components: z.array(componentStatus).max(32) }),
      },
    },
    handler: async (request, reply) => {
      const results = await checkReadiness(readiness);
      for (const failed of results.filter((result) => !result.ok)) request.log.warn({ component: failed.name, err: failed.error }, 'readiness check failed');
      const components = results.map(({ name, ok }) => ({ name, ok }));
      if (components.every((component) => component.ok)) return { status: 'ready' as const, components };
      return reply.status(503).send({ status: 'unavailable' as const, components });
    },
  });

  routes.get('/api/v1/openapi.json', {
    config: { auth: 'public' },
    schema: { hide: true },
    handler: async () => app.swagger(),
  });
}
