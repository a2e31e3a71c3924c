import { isIP } from 'node:net';
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export interface LoopbackOnlyOptions {
  /** The ports this server answers on besides the socket's own: `PORT` and the public URL's. */
  readonly ports: readonly number[];
}

/**
 * A route-level `onRequest` hook for development-only routes that hold secrets (the mailbox).
 * It answers only when the TCP peer is a loopback address (and, behind a trusted proxy, the
 * client it forwards is too) AND the Host header names a loopback host on our port: the peer
 * check stops the network when the server listens on `0.0.0.0`, the Host check stops DNS
 * rebinding, where a page from `evil.example` re-pointed at 127.0.0.1 reaches us from the
 * developer's own browser. Anyone else gets the not-found answer, as if the route did not exist.
 */
export function loopbackOnly(options: LoopbackOnlyOptions): onRequestAsyncHookHandler {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (isLoopbackRequest(request, options.ports)) return;
    reply.callNotFound();
    return reply;
  };
}

function isLoopbackRequest(request: FastifyRequest, ports: readonly number[]): boolean {
  if (!isLoopbackAddress(request.socket.remoteAddress) || !isLoopbackAddress(request.ip)) return false;
  const host = parseHost(request.headers.host);
  if (!host || !LOOPBACK_HOSTS.has(host.name)) return false;
  return host.port === request.socket.localPort || ports.includes(host.port);
}

function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  if (isIP(v4) === 4) return v4.startsWith('127.');
  return address === '::1';
}

/** `name:port` of a Host header, lower-cased; the port defaults to 80 (the mailbox is never https). */
function parseHost(header: string | undefined): { name: string; port: number } | null {
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec(header ?? '');
  if (!match) return null;
  return { name: match[1]!.toLowerCase(), port: match[2] === undefined ? 80 : Number(match[2]) };
}
