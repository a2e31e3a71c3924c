import { ERROR_CATALOGUE, type ErrorCode } from '../errors/index.js';
import type { RouteAuth } from './auth-posture.js';
import { credentialRateLimitCodes } from './credential-rate-limits.js';
import { routeErrorCodes } from './openapi-security.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Catalogued codes the handler itself can answer, beyond those of its posture and schemas (OpenAPI `x-error-codes`). */
    errorCodes?: readonly ErrorCode[];
  }
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

export interface ErrorCodeSource {
  readonly method: string;
  readonly auth: RouteAuth;
  /** The route's schema: any request part it validates can answer `request.invalid`. */
  readonly schema: Readonly<Record<string, unknown>> | undefined;
  readonly declared: readonly ErrorCode[] | undefined;
  /** The server counts authenticated requests against per-credential ceilings (credential-rate-limits.ts). */
  readonly credentialRateLimits: boolean;
}

/**
 * Every catalogued code an operation can answer, derived from what the server does before the
 * handler (origin check, posture, per-credential rate limit, validation, body parsing) plus what
 * the route declares.
 */
export function operationErrorCodes(source: ErrorCodeSource): ErrorCode[] {
  const codes = new Set<ErrorCode>(['internal.error', ...routeErrorCodes(source.auth), ...(source.declared ?? [])]);
  if (source.credentialRateLimits) for (const code of credentialRateLimitCodes(source.auth)) codes.add(code);
  if (['body', 'querystring', 'params', 'headers'].some((part) => source.schema?.[part] !== undefined)) codes.add('request.invalid');
  if (BODY_METHODS.has(source.method)) {
    for (const code of ['request.invalid_json', 'request.unsupported_media_type', 'request.body_too_large'] as const) codes.add(code);
  }
  // The origin check refuses cross-site state changes on every route (origin-check.ts).
  if (!['GET', 'HEAD', 'OPTIONS'].includes(source.method)) codes.add('auth.csrf_rejected');
  return [...codes].sort();
}

export const ERROR_ENVELOPE_SCHEMA = {
  type: 'object' as const,
  description: 'Every error the API answers. Clients switch on `code`, never on `message`.',
  required: ['error'],
  additionalProperties: false,
  properties: {
    error: {
      type: 'object' as const,
      required: ['code', 'message'],
      additionalProperties: false,
      properties: {
        code: { type: 'string' as const, enum: Object.keys(ERROR_CATALOGUE).sort(), description: 'A stable code from the error catalogue (docs/reference/errors.md).' },
        message: { type: 'string' as const, description: 'A user-safe explanation in English.' },
        details: { type: 'object' as const, additionalProperties: true, description: 'Machine-readable detail, e.g. the validation issues of `request.invalid`.' },
      },
    },
  },
};

interface ErrorResponse {
  description: string;
  content: { 'application/json': { schema: { $ref: string } } };
}

/** One response per status the codes answer with, each in the envelope and naming its codes. */
export function errorResponses(codes: readonly ErrorCode[]): Record<string, ErrorResponse> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const status = ERROR_CATALOGUE[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return Object.fromEntries(
    [...byStatus]
      .sort(([a], [b]) => a - b)
      .map(([status, statusCodes]) => [
        String(status),
        { description: `Error: ${statusCodes.map((code) => `\`${code}\``).join(', ')}`, content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorEnvelope' } } } },
      ]),
  );
}
