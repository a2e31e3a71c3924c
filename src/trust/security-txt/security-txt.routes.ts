import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../platform/clock.js';
import type { SecurityTxtConfig } from '../../config/index.js';
import { buildSecurityTxt } from './security-txt.js';

export interface SecurityTxtRouteOptions {
  readonly config: SecurityTxtConfig;
  readonly contacts: readonly string[];
  readonly origin: string;
  readonly clock: Clock;
}

/** `GET /.well-known/security.txt` (plain text, UTF-8) and `/security.txt`, which redirects there. */
export function registerSecurityTxtRoutes(app: FastifyInstance, options: SecurityTxtRouteOptions): void {
  app.get('/.well-known/security.txt', {
    config: { auth: 'public' },
    schema: { summary: 'Security contact (RFC 9116)', tags: ['trust'], operationId: 'trust.securityTxt.get' },
    handler: async (_request, reply) =>
      reply
        .type('text/plain; charset=utf-8')
        // A day at most: Expires moves forward daily, and a stale copy must never outlive it.
        .header('cache-control', 'public, max-age=86400')
        .send(buildSecurityTxt({ config: options.config, contacts: options.contacts, origin: options.origin, now: options.clock.now() })),
  });

  app.get('/security.txt', {
    config: { auth: 'public' },
    schema: { hide: true },
    handler: async (_request, reply) => reply.redirect('/.well-known/security.txt', 301),
  });
}
