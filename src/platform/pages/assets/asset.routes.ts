import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { PageAssets } from './build-page-assets.js';
import { safeText } from '../../http/index.js';

// The name changes whenever the content does, so a cached copy can never be stale.
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** `GET /assets/:file`: an app's script and stylesheet, from memory. */
export function registerAssetRoutes(app: FastifyInstance, assets: PageAssets): void {
  app.withTypeProvider<ZodTypeProvider>().get('/assets/:file', {
    config: { auth: 'public' },
    schema: { hide: true, params: z.object({ file: safeText({ min: 1, max: 100, trim: false }) }) },
    handler: async (request, reply) => {
      const asset = assets.files.get(request.params.file);
      if (!asset) return reply.callNotFound();
      return reply.header('cache-control', IMMUTABLE).type(asset.contentType).send(asset.body);
    },
  });
}
