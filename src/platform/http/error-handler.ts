import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ERROR_CATALOGUE, type ErrorCode } from '../errors/index.js';

export interface ErrorEnvelope {
  error: { code: ErrorCode; message: string; details?: Record<string, unknown> };
}

// Fastify's own request errors, mapped onto the catalogue so clients see one vocabulary.
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'request.unsupported_media_type',
  FST_ERR_CTP_INVALID_JSON_BODY: 'request.invalid_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'request.invalid_json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'request.body_too_large',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'request.malformed',
};

/** Every error leaves as `{ error: { code, message } }`; a 5xx never carries internals. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      const retryAfter = error.details?.retryAfterSeconds;
      if (typeof retryAfter === 'number' && Number.isFinite(retryAfter)) reply.header('retry-after', String(Math.max(0, Math.ceil(retryAfter))));
      return send(reply, error.status, error.code, error.message, error.details);
    }
    if (error.validation) {
      const issues = error.validation.map((issue) => ({
        path: [error.validationContext ?? 'request', ...issue.instancePath.split('/').filter(Boolean)].join('.'),
        message: issue.message ?? 'is invalid',
      }));
      const summary = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
      return send(reply, 400, 'request.invalid', `Invalid request: ${summary}`, { issues });
    }
    const mapped = error.code ? FASTIFY_CODES[error.code] : undefined;
    if (mapped) return send(reply, ERROR_CATALOGUE[mapped].status, mapped, ERROR_CATALOGUE[mapped].message);
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return send(reply, error.statusCode, 'request.malformed', ERROR_CATALOGUE['request.malformed'].message);
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(reply, 500, 'internal.error', `${ERROR_CATALOGUE['internal.error'].message} (request id ${request.id})`);
  });

  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) =>
    send(reply, 404, 'route.not_found', `No endpoint ${request.method} ${request.url.split('?')[0]}`),
  );
}

function send(reply: FastifyReply, status: number, code: ErrorCode, message: string, details?: Record<string, unknown>) {
  const body: ErrorEnvelope = { error: details ? { code, message, details } : { code, message } };
  return reply.status(status).type('application/json; charset=utf-8').send(body);
}
