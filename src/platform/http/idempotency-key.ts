import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { z } from 'zod';
import { AppError, type ErrorCode } from '../errors/index.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route creates something and honours `Idempotency-Key` (control 22): its handler answers
     * through `answerIdempotently` (src/platform/outbox/), and the header and its error codes are
     * declared on the operation. `check:idempotent-creates` fails on a create without it.
     */
    idempotentCreate?: boolean;
  }
}

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
/** What every idempotent create can answer about its key, besides its own codes (the fingerprint is keyed by the tenant's vault). */
export const IDEMPOTENCY_ERROR_CODES = ['request.idempotency_key_invalid', 'request.idempotency_key_reused', 'vault.data_key_destroyed'] as const satisfies readonly ErrorCode[];

const KEY = /^[\x21-\x7e]{1,255}$/;

// Loose: Fastify replaces request.headers with what the headers schema returns, and every other header must survive.
const idempotencyHeadersSchema = z.looseObject({
  [IDEMPOTENCY_KEY_HEADER]: z
    .string()
    .regex(KEY)
    .optional()
    .meta({
      description:
        'A key of your choosing (1–255 printable ASCII characters, e.g. a UUID), unique per create. A repeat with the same key and the same request answers the first result and creates and sends nothing again; the same key with another request is refused with 422 `request.idempotency_key_reused`. Kept per tenant and operation.',
    }),
});

/** The request's `Idempotency-Key`, validated, or undefined when absent. */
export function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  const raw = request.headers[IDEMPOTENCY_KEY_HEADER];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !KEY.test(raw)) throw new AppError('request.idempotency_key_invalid');
  return raw;
}

/**
 * Completes every route declared `config.idempotentCreate` at registration: the header joins its
 * schema (so the OpenAPI document and the typed client show it), its codes join the route's
 * `errorCodes`, and a malformed key is refused with its own code before the schemas run.
 */
export function installIdempotencyKeys(app: FastifyInstance): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    if (route.config?.idempotentCreate !== true) return;
    const schema = (route.schema ?? {}) as Record<string, unknown>;
    if (schema.headers !== undefined && schema.headers !== idempotencyHeadersSchema) throw new Error(`${String(route.method)} ${route.url}: an idempotent create declares no headers schema of its own (installIdempotencyKeys adds it)`);
    route.schema = { ...schema, headers: idempotencyHeadersSchema };
    route.config = { ...route.config, errorCodes: [...new Set([...(route.config.errorCodes ?? []), ...IDEMPOTENCY_ERROR_CODES])] };
    const refuseMalformedKey = async (request: FastifyRequest) => void idempotencyKeyOf(request);
    const earlier = route.preValidation === undefined ? [] : Array.isArray(route.preValidation) ? route.preValidation : [route.preValidation];
    route.preValidation = [...earlier, refuseMalformedKey] as RouteOptions['preValidation'];
  });
}
