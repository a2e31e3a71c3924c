import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

/**
 * `/api/docs`: the API reference, rendered in the browser by Swagger UI from the same document
 * the suite serves at /api/v1/openapi.json. Every asset comes from the installed swagger-ui-dist
 * package through this route (no CDN), and the page obeys the suite's CSP: no inline script or
 * style, so the start-up code is a file of its own.
 */
const DIST = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

// No validator badge (it calls an outside service) and no "try it out" link-outs: the reference stays on this origin.
// Areas start folded and the schema section is left out: with every area expanded, swagger-ui
// 5.35-5.36 stopped rendering a document of this size (some 140 operations) after its first tag.
const INIT_SCRIPT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({ url: '/api/v1/openapi.json', dom_id: '#swagger-ui', validatorUrl: null, deepLinking: false, tryItOutEnabled: false, docExpansion: 'none', defaultModelsExpandDepth: -1 });
});
`;

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>bsns API reference</title>
<link rel="stylesheet" href="/api/docs/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script>
</body>
</html>
`;

const ASSETS: Record<string, { type: string; load: () => Promise<Buffer | string> }> = {
  'swagger-ui.css': { type: 'text/css; charset=utf-8', load: () => readFile(path.join(DIST, 'swagger-ui.css')) },
  'swagger-ui-bundle.js': { type: 'text/javascript; charset=utf-8', load: () => readFile(path.join(DIST, 'swagger-ui-bundle.js')) },
  'init.js': { type: 'text/javascript; charset=utf-8', load: async () => INIT_SCRIPT },
};

export function registerApiDocsRoutes(app: FastifyInstance): void {
  const cache = new Map<string, Promise<Buffer | string>>();

  app.get('/api/docs', { config: { auth: 'public' }, schema: { hide: true } }, async (_request, reply) => reply.type('text/html; charset=utf-8').send(PAGE));

  app.get<{ Params: { asset: string } }>(
    '/api/docs/:asset',
    { config: { auth: 'public' }, schema: { hide: true, params: z.object({ asset: z.enum(Object.keys(ASSETS) as [string, ...string[]]) }) } },
    async (request, reply) => {
      const asset = ASSETS[request.params.asset]!;
      let body = cache.get(request.params.asset);
      if (!body) cache.set(request.params.asset, (body = asset.load()));
      // The files change only with the installed package version: a day of caching is safe.
      return reply.type(asset.type).header('cache-control', 'public, max-age=86400').send(await body);
    },
  );
}
