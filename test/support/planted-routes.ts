import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyInstance, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { BuiltServer } from '../../src/platform/http/build-server.js';
import type { Platform } from '../../src/platform/open-platform.js';
import { buildSuite } from '../../src/suite.js';

export type FastifyZod = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>;

/**
 * The real suite with planted routes registered beside its own, built when a check asks: how a
 * check's test shows it fails on a route that breaks its rule.
 */
export function suiteWithPlantedRoutes(platform: Platform, plant: (routes: FastifyZod) => void): () => Promise<BuiltServer> {
  return async () => {
    const built = await buildSuite(platform, {});
    await built.app.register(async (plugin) => plant(plugin.withTypeProvider<ZodTypeProvider>()));
    return built;
  };
}
