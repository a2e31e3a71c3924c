import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors/index.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF defence for cookie-authenticated state changes: a state-changing request that names a
 * foreign Origin (or Referer) is refused, and one that carries cookies must name an allowed
 * origin. Browsers always send Origin on cross-site POSTs, so a forged form or fetch from
 * another site fails here before any handler runs; SameSite=Lax cookies are the second layer.
 * Cookie-less API clients (tokens, service keys) are unaffected.
 */
export function installOriginCheck(app: FastifyInstance, allowedOrigins: ReadonlySet<string>): void {
  app.addHook('onRequest', async (request) => {
    if (SAFE_METHODS.has(request.method)) return;
    const origin = request.headers.origin ?? originOf(request.headers.referer);
    if (origin !== undefined) {
      if (!allowedOrigins.has(origin)) throw new AppError('auth.csrf_rejected');
      return;
    }
    if (request.headers.cookie) throw new AppError('auth.csrf_rejected');
  });
}

function originOf(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return 'invalid';
  }
}
