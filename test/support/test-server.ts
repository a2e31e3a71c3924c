import type { FastifyInstance } from 'fastify';
import { buildServer, type BuildServerOptions, type BuiltServer } from '../../src/platform/http/build-server.js';
import { createLogger } from '../../src/platform/logging/logger.js';
import { testResolvers } from './test-resolvers.js';

/**
 * The platform's real HTTP server around test-only routes, for tests of the HTTP edge itself
 * (postures, errors, headers, logs) that need no database. Defaults: silent logs, http origin
 * (the only one allowed to send cookies), the test resolvers and no readiness checks.
 */
export async function buildTestServer(
  routes: (app: FastifyInstance) => Promise<void> | void,
  overrides: Partial<Omit<BuildServerOptions, 'routes'>> = {},
): Promise<BuiltServer> {
  return buildServer({
    logger: createLogger('silent'),
    publicUrl: 'http://localhost:3000',
    version: '0.0.0-test',
    resolvers: testResolvers,
    readiness: [],
    routes,
    allowedOrigins: new Set(['http://localhost:3000']),
    ...overrides,
  });
}
