import type { FastifyInstance } from 'fastify';
import { registerLabelRoutes } from './apps/records/labels/labels.routes.js';
import type { Platform } from './platform/open-platform.js';
import { buildServer, type AuthResolvers, type BuiltServer } from './platform/http/build-server.js';

export const VERSION = '0.1.0';

/** The whole suite on one server: kernel routes plus every app's routes. */
export async function buildSuite(platform: Platform, resolvers: AuthResolvers): Promise<BuiltServer> {
  return buildServer({
    logger: platform.logger,
    publicUrl: platform.config.publicUrl,
    version: VERSION,
    resolvers,
    readiness: platform.readiness,
    routes: async (app: FastifyInstance) => {
      registerLabelRoutes(app, platform.businessDb);
    },
  });
}
