import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * Headers every response carries. The CSP allows scripts only from our own origin (the
 * bundled client code; never inline), and no page of the suite may be framed.
 * HSTS is sent only when the suite is served over https.
 */
export async function installSecurityHeaders(app: FastifyInstance, options: { https: boolean }): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(options.https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: options.https ? { maxAge: 63_072_000, includeSubDomains: true, preload: false } : false,
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });
  app.addHook('onSend', async (request, reply) => {
    // The matched route's path, not the raw URL: the router folds `//api/...` onto `/api/...`.
    const path = request.routeOptions.url ?? request.url.replace(/^\/+/, '/');
    if (path.startsWith('/api/')) reply.header('cache-control', 'no-store');
  });
}
