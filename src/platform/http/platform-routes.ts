import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';

export interface ReadinessCheck {
  readonly name: string;
  check(): Promise<void>;
}

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
      const components = await Promise.all(
        readiness.map(async ({ name, check }) => {
          try {
            await withTimeout(check(), 2_000);
            return { name, ok: true };
          } catch (error) {
            request.log.warn({ component: name, err: error }, 'readiness check failed');
            return { name, ok: false };
          }
        }),
      );
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

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
