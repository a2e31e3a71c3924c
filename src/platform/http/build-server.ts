import cookie from '@fastify/cookie';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from '../logging/logger.js';
import type { AuthResolvers } from './auth-posture.js';
export type { AuthResolvers };
import { enforceAuthPostures, type RoutePosture } from './enforce-auth-posture.js';
import { registerApiDocsRoutes } from './api-docs.routes.js';
import { installCredentialRateLimits, type CredentialCeilings } from './credential-rate-limits.js';
import type { Clock } from '../clock.js';
import type { RateLimiter } from '../rate-limit/index.js';
import { clientErrorHandler } from './client-errors.js';
import { frameworkErrorHandler, installErrorHandling, type ErrorPageRenderer } from './error-handler.js';
import { installPlainValidationMessages } from './plain-validation-messages.js';
import { installIdempotencyKeys } from './idempotency-key.js';
import { installInputGuard } from './input-guard.js';
import { installOpenApi } from './openapi.js';
import { installOriginCheck } from './origin-check.js';
import { registerPlatformRoutes, type ReadinessCheck } from './platform-routes.js';
import { boundedServerOptions, installRequestBounds } from './request-bounds.js';
import { responseSerializerCompiler } from './response-serializer.js';
import { installSecurityHeaders, securityHeaders } from './security-headers.js';

export interface BuildServerOptions {
  readonly logger: Logger;
  readonly publicUrl: string;
  readonly version: string;
  readonly resolvers: AuthResolvers;
  readonly readiness: readonly ReadinessCheck[];
  /** Registers the suite's routes; runs after the posture rule is in force. */
  readonly routes: (app: FastifyInstance) => Promise<void> | void;
  /** `TRUST_PROXY`: exactly one reverse proxy, the TCP peer, whose `X-Forwarded-*` we believe. */
  readonly trustProxy?: boolean;
  /** Default body limit of every route (64 KiB unless given); upload routes set their own. */
  readonly bodyLimit?: number;
  /** Deadline of one request, receiving included (`BSNS_REQUEST_TIMEOUT_MS`; 30 s unless given). */
  readonly requestTimeoutMs?: number;
  /** Origins allowed to make cookie-authenticated state changes (the suite's own). */
  readonly allowedOrigins: ReadonlySet<string>;
  /** The HTML error page a browser gets for a page that does not exist (the portal's look). */
  readonly renderErrorPage?: ErrorPageRenderer;
  /** Per-credential rate limits (per session, token and service key); off when absent. */
  readonly credentialRateLimits?: { readonly limiter: RateLimiter; readonly ceilings?: CredentialCeilings; readonly clock?: Clock };
}

export interface BuiltServer {
  readonly app: FastifyInstance;
  /** Every registered route with its declared posture (complete once `app.ready()` resolves). */
  readonly routes: readonly RoutePosture[];
}

/** Assembles the HTTP server: postures, schemas, errors, headers, health and OpenAPI, then the routes. */
export async function buildServer(options: BuildServerOptions): Promise<BuiltServer> {
  const https = options.publicUrl.startsWith('https:');
  const headers = securityHeaders({ https });
  const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  const app = Fastify({
    ...boundedServerOptions(requestTimeoutMs),
    loggerInstance: options.logger as FastifyBaseLogger,
    trustProxy: options.trustProxy ? trustImmediatePeerOnly : false,
    ...(options.bodyLimit === undefined ? {} : { bodyLimit: options.bodyLimit }),
    requestIdHeader: false,
    genReqId: () => crypto.randomUUID(),
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true, caseSensitive: true },
    // Errors raised before routing (a URL the router cannot decode, an over-long parameter) and
    // by the HTTP parser itself answer in the envelope too, never in Fastify's own body.
    frameworkErrors: frameworkErrorHandler(headers, options.renderErrorPage),
    clientErrorHandler: clientErrorHandler(headers),
  });
  // The API speaks JSON only. text/plain is also what a cross-site form may POST without a
  // preflight, so it gets 415 like every other type instead of reaching a handler as a string.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(responseSerializerCompiler);

  // Headers first: their hook must run even when the posture hook rejects the request.
  installSecurityHeaders(app, headers);
  await app.register(cookie);
  // Before postures: a forged cross-site request is refused before any credential is read.
  installOriginCheck(app, options.allowedOrigins);
  const routes = enforceAuthPostures(app, options.resolvers);
  // Right after postures: the credential is known, and an over-limit caller reaches no handler.
  if (options.credentialRateLimits) installCredentialRateLimits(app, options.credentialRateLimits.limiter, options.credentialRateLimits.ceilings, options.credentialRateLimits.clock);
  installPlainValidationMessages();
  installErrorHandling(app, options.renderErrorPage);
  // Before any route: no text with control characters or broken Unicode reaches a handler.
  installInputGuard(app);
  installRequestBounds(app, { requestTimeoutMs });
  // Before OpenAPI: the document must see the header and codes it adds to idempotent creates.
  installIdempotencyKeys(app);
  await installOpenApi(app, { version: options.version, publicUrl: options.publicUrl, credentialRateLimits: options.credentialRateLimits !== undefined });

  registerPlatformRoutes(app, options.readiness);
  registerApiDocsRoutes(app);
  await options.routes(app);
  return { app, routes };
}

// Trust the TCP peer (the proxy) and nothing it forwards: `request.ip` becomes the address the proxy
// appended, i.e. the rightmost `X-Forwarded-For` entry. Fastify's `true` would take the leftmost,
// which a client writes itself whenever the proxy appends instead of overwriting (nginx's default).
function trustImmediatePeerOnly(_address: string, hop: number): boolean {
  return hop === 0;
}
