import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ERROR_CATALOGUE, type ErrorCode } from '../errors/index.js';
import { databaseInputErrorCode } from './database-input-errors.js';

export interface ErrorEnvelope {
  error: { code: ErrorCode; message: string; details?: Record<string, unknown> };
}

/**
 * Renders the suite's HTML error page (the portal's look) for a browser that asked for a page.
 * Injected by the composition root: the platform does not know the portal.
 */
export type ErrorPageRenderer = (page: { readonly status: number; readonly message: string; readonly path: string }) => Promise<string>;

// Fastify's own request errors, mapped onto the catalogue so clients see one vocabulary.
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'request.unsupported_media_type',
  FST_ERR_CTP_INVALID_JSON_BODY: 'request.invalid_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'request.invalid_json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'request.body_too_large',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'request.malformed',
  // Raised by the router before any route matched (see `frameworkErrors` in build-server.ts).
  FST_ERR_BAD_URL: 'request.malformed',
  FST_ERR_MAX_PARAM_LENGTH: 'request.url_too_long',
};

const PAGE_MESSAGES: Partial<Record<ErrorCode, string>> = {
  'route.not_found': 'There is no page at this address. Check the link, or go to your apps.',
  'request.malformed': 'This link is malformed. Check that it was copied in full.',
  'request.url_too_long': 'This link is too long. Check that it was copied correctly.',
};

const QUERY_CANCELED = '57014';

/** Every error leaves as `{ error: { code, message } }`; a 5xx never carries internals. */
export function installErrorHandling(app: FastifyInstance, renderErrorPage?: ErrorPageRenderer): void {
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
    // The backstop behind the safe-text schemas: text PostgreSQL cannot store is the client's fault.
    const databaseCode = databaseInputErrorCode(error);
    if (databaseCode) {
      request.log.warn({ sqlState: (error as { code?: unknown }).code }, 'input refused by the database');
      return send(reply, ERROR_CATALOGUE[databaseCode].status, databaseCode, ERROR_CATALOGUE[databaseCode].message);
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return send(reply, error.statusCode, 'request.malformed', ERROR_CATALOGUE['request.malformed'].message);
    }
    // PostgreSQL cancelled a statement past the role's statement_timeout: the pool is fine, the request is not.
    if ((error as { code?: unknown }).code === QUERY_CANCELED) return send(reply, 503, 'service.timeout', ERROR_CATALOGUE['service.timeout'].message);
    request.log.error({ err: error }, 'unhandled error');
    return send(reply, 500, 'internal.error', `${ERROR_CATALOGUE['internal.error'].message} (request id ${request.id})`);
  });

  app.setNotFoundHandler(async (request: FastifyRequest, reply: FastifyReply) => {
    const path = pathOf(request);
    if (renderErrorPage && wantsPage(request)) return sendPage(reply, renderErrorPage, 404, PAGE_MESSAGES['route.not_found']!, path);
    // The path only, never the query: it may carry a one-time token.
    return send(reply, 404, 'route.not_found', `No endpoint ${request.method} ${path.slice(0, 200)}`);
  });
}

/**
 * Fastify's `frameworkErrors`: the router could not parse the URL (a malformed escape, an
 * escaped lone surrogate) or a parameter is too long. No route matched, so no hook ran: the
 * security headers are set here.
 */
export function frameworkErrorHandler(headers: Readonly<Record<string, string>>, renderErrorPage?: ErrorPageRenderer) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    reply.headers(headers).header('x-request-id', request.id);
    const code = (error.code ? FASTIFY_CODES[error.code] : undefined) ?? 'request.malformed';
    const { status, message } = ERROR_CATALOGUE[code];
    if (renderErrorPage && wantsPage(request)) return void sendPage(reply, renderErrorPage, status, PAGE_MESSAGES[code] ?? message, '/');
    return void send(reply, status, code, message);
  };
}

/** A browser navigating to a page (not the API) reads HTML. */
function wantsPage(request: FastifyRequest): boolean {
  return (request.method === 'GET' || request.method === 'HEAD') && (request.headers.accept ?? '').includes('text/html') && !pathOf(request).startsWith('/api/');
}

function pathOf(request: FastifyRequest): string {
  return request.url.split('?')[0] ?? '/';
}

async function sendPage(reply: FastifyReply, render: ErrorPageRenderer, status: number, message: string, path: string) {
  const html = await render({ status, message, path });
  return reply.status(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
}

function send(reply: FastifyReply, status: number, code: ErrorCode, message: string, details?: Record<string, unknown>) {
  const body: ErrorEnvelope = { error: details ? { code, message, details } : { code, message } };
  return reply.status(status).type('application/json; charset=utf-8').send(body);
}
