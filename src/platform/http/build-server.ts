import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from '../logging/logger.js';
import type { AuthResolvers } from './auth-posture.js';
export type { AuthResolvers };
import { enforceAuthPostures, type RoutePosture } from './enforce-auth-posture.js';
import { installErrorHandling } from './error-handler.js';
import { installOpenApi } from './openapi.js';
import { registerPlatformRoutes, type ReadinessCheck } from './platform-routes.js';
import { installSecurityHeaders } from './security-headers.js';

export interface BuildServerOptions {
  readonly logger: Logger;
  readonly publicUrl: string;
  readonly version: string;
  readonly resolvers: AuthResolvers;
  readonly readiness: readonly ReadinessCheck[];
  /** Registers the suite's routes; runs after the posture rule is in force. */
  readonly routes: (app: FastifyInstance) => Promise<void> | void;
  readonly trustProxy?: boolean;
  readonly bodyLimit?: number;
}

export interface BuiltServer {
  readonly app: FastifyInstance;
  /** Every registered route with its declared posture (complete once `app.ready()` resolves). */
  readonly routes: readonly RoutePosture[];
}

/** Assembles the HTTP server: postures, schemas, errors, headers, health and OpenAPI, then the routes. */
export async function buildServer(options: BuildServerOptions): Promise<BuiltServer> {
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    trustProxy: options.trustProxy ?? false,
    bodyLimit: options.bodyLimit ?? 1_048_576,
    requestIdHeader: false,
    genReqId: () => crypto.randomUUID(),
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true, caseSensitive: true },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // Headers first: their hook must run even when the posture hook rejects the request.
  await installSecurityHeaders(app, { https: options.publicUrl.startsWith('https:') });
  const routes = enforceAuthPostures(app, options.resolvers);
  installErrorHandling(app);
  await installOpenApi(app, { version: options.version, publicUrl: options.publicUrl });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  registerPlatformRoutes(app, options.readiness);
  await options.routes(app);
  return { app, routes };
}
