import pino, { type Logger, type LoggerOptions } from 'pino';

// Headers that carry credentials, wherever a log object puts the header map.
const SECRET_HEADERS = ['authorization', 'cookie', 'set-cookie', 'x-csrf-token', 'proxy-authorization'];

// Fields that hold credentials, keys or personal data.
const SECRET_FIELDS = [
  'password',
  'newPassword',
  'currentPassword',
  'token',
  'accessToken',
  'refreshToken',
  'secret',
  'apiKey',
  'authorization',
  'cookie',
  'email',
  'phone',
  'dateOfBirth',
  'ssn',
  'taxId',
  'connectionString',
];

/**
 * Paths never written to logs: credentials, tokens, keys and personal data.
 * pino replaces them with "[redacted]" before serialisation, so no transport sees them.
 * pino has no recursive wildcard, so each field is covered at the top level of a log object
 * and one level down (`{ password }`, `{ user: { password } }`); nest no deeper than that.
 */
export const REDACTED_PATHS = [
  ...SECRET_HEADERS.flatMap((header) => [`headers["${header}"]`, `*.headers["${header}"]`]),
  ...SECRET_FIELDS.flatMap((field) => [field, `*.${field}`]),
];

interface LoggedRequest {
  readonly method?: string;
  readonly url?: string;
  readonly host?: string;
  readonly ip?: string;
  readonly socket?: { readonly remotePort?: number };
}

/**
 * How a request is written (Fastify's `req`, overriding its serializer): the path without the
 * query string. Emailed links carry one-time tokens in the query (`/reset-password?token=…`),
 * and a value-by-value redaction would have to know every parameter name of every app.
 */
export function serializeRequest(request: LoggedRequest): Record<string, unknown> {
  const url = request.url ?? '';
  const query = url.indexOf('?');
  return {
    method: request.method,
    url: query === -1 ? url : `${url.slice(0, query)}?[redacted]`,
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

export function loggerOptions(level: LoggerOptions['level']): LoggerOptions {
  return {
    level,
    base: { service: 'bsns' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: { req: serializeRequest },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
}

export function createLogger(level: LoggerOptions['level'], destination?: pino.DestinationStream): Logger {
  return destination ? pino(loggerOptions(level), destination) : pino(loggerOptions(level));
}

export type { Logger };
