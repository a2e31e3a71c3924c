import type { Socket } from 'node:net';
import { ERROR_CATALOGUE, type ErrorCode } from '../errors/index.js';
import type { ErrorEnvelope } from './error-handler.js';

/**
 * Node's `clientError`: the HTTP parser refused the bytes (an unknown method, a broken request
 * line, headers too large) before Fastify saw a request. The answer is written to the socket by
 * hand, in the envelope, with the security headers, and the connection is closed.
 */
export function clientErrorHandler(headers: Readonly<Record<string, string>>) {
  return (error: Error & { code?: string }, socket: Socket): void => {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const code: ErrorCode =
      error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'request.timeout' : error.code === 'HPE_HEADER_OVERFLOW' ? 'request.headers_too_large' : 'request.malformed';
    const { status, message } = ERROR_CATALOGUE[code];
    const envelope: ErrorEnvelope = { error: { code, message } };
    const body = JSON.stringify(envelope);
    const head = [
      `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Bad Request'}`,
      'content-type: application/json; charset=utf-8',
      `content-length: ${Buffer.byteLength(body)}`,
      'cache-control: no-store',
      'connection: close',
      ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    ];
    if (socket.writable) socket.write(`${head.join('\r\n')}\r\n\r\n${body}`);
    socket.destroy();
  };
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };
