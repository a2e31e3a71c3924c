import type { Server } from 'node:http';
import type { FastifyHttpOptions, FastifyInstance, FastifyReply } from 'fastify';
import { AppError, ERROR_CATALOGUE, type ErrorCode } from '../errors/index.js';

/**
 * What one request may cost the server, whoever sends it. Small by default: a route that takes
 * uploads raises its own `bodyLimit` in its route options, and nothing else does. (JSON nesting
 * is bounded by the input guard, `input-guard.ts`.)
 */
export const REQUEST_BOUNDS = {
  /** Body of a JSON request; a route that takes uploads sets its own `bodyLimit`. */
  bodyLimitBytes: 64 * 1024,
  /** All request headers together (Node refuses past it before any route runs: 431 in the envelope, `client-errors.ts`). */
  maxHeaderBytes: 16 * 1024,
  /** Characters after the `?`. */
  maxQueryLength: 2048,
  /** Elements of any one array in a JSON body; routes bound their own arrays tighter in their schemas. */
  maxArrayLength: 1000,
} as const;

/** Fastify's server options that bound a request before a hook runs: body, headers, receive time. */
export function boundedServerOptions(requestTimeoutMs: number): Pick<FastifyHttpOptions<Server>, 'bodyLimit' | 'http' | 'requestTimeout'> {
  return {
    bodyLimit: REQUEST_BOUNDS.bodyLimitBytes,
    http: { maxHeaderSize: REQUEST_BOUNDS.maxHeaderBytes },
    // Receiving the request (a slow-loris client trickling headers or body) counts against the deadline too.
    requestTimeout: requestTimeoutMs,
  };
}

/**
 * The hooks that bound a request once parsed: query-string length, array lengths (a 64 KiB
 * body still holds an array of 30,000 elements for a handler to walk), and a deadline that
 * answers 503 `service.timeout` if the handler has not answered in time.
 */
export function installRequestBounds(app: FastifyInstance, options: { requestTimeoutMs: number }): void {
  app.addHook('onRequest', async (request, reply) => {
    const query = request.url.indexOf('?');
    if (query !== -1 && request.url.length - query - 1 > REQUEST_BOUNDS.maxQueryLength) {
      throw new AppError('request.url_too_long', `The query string is longer than ${REQUEST_BOUNDS.maxQueryLength} characters.`);
    }
    const timer = setTimeout(() => {
      if (reply.sent) return;
      request.log.warn({ url: request.url.split('?')[0], timeoutMs: options.requestTimeoutMs }, 'request deadline passed');
      sendEnvelope(reply, 'service.timeout');
    }, options.requestTimeoutMs);
    timer.unref();
    reply.raw.once('close', () => clearTimeout(timer));
  });
  app.addHook('preValidation', async (request) => {
    if (request.body !== null && typeof request.body === 'object' && !arraysWithinBounds(request.body)) {
      throw new AppError('request.too_complex', `An array in the request body holds more than ${REQUEST_BOUNDS.maxArrayLength} elements.`);
    }
  });
}

/**
 * Walks the parsed body without recursion (the input guard has already bounded its depth).
 * Only parsed JSON is walked: plain objects and arrays. Anything else — a streamed upload, whose
 * fields lead through the socket and the server in cycles — is its route's to read and bound.
 */
export function arraysWithinBounds(body: object): boolean {
  const stack: unknown[] = [body];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      if (value.length > REQUEST_BOUNDS.maxArrayLength) return false;
      stack.push(...value.filter(isJsonContainer));
    } else if (isJsonContainer(value)) {
      stack.push(...Object.values(value).filter(isJsonContainer));
    }
  }
  return true;
}

function isJsonContainer(value: unknown): value is object {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return true;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function sendEnvelope(reply: FastifyReply, code: ErrorCode): void {
  const { status, message } = ERROR_CATALOGUE[code];
  void reply.status(status).type('application/json; charset=utf-8').send({ error: { code, message } });
}
