import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { SuitePart } from '../../../platform/http/index.js';
import { pageAssets, registerAssetRoutes, type PageBundle } from '../../../platform/pages/index.js';
import type { PactDeps } from '../pact-deps.js';
import { registerPactPages } from './pact-pages.routes.js';

const require = createRequire(import.meta.url);

const PACT_BUNDLE: PageBundle = {
  name: 'pact',
  entry: fileURLToPath(new URL('./client/pact.ts', import.meta.url)),
  stylesheets: [fileURLToPath(new URL('./pact.css', import.meta.url))],
  // pdf.js renders the PDFs in a worker of its own, served by the suite under its CSP.
  extraFiles: [{ name: 'pdf.worker', path: require.resolve('pdfjs-dist/build/pdf.worker.min.mjs'), contentType: 'text/javascript; charset=utf-8' }],
};

export interface PactPartOptions {
  readonly portalUrl: string;
  readonly trustUrl: string;
  readonly devMail: boolean;
}

/** The pact pages as a part of the suite: `/pact` on the one origin, or `pact.<domain>` in host mode. */
export function pactSuitePart(deps: PactDeps, options: PactPartOptions): SuitePart {
  return {
    id: 'pact',
    pathPrefix: '/pact',
    hostLabel: 'pact',
    plugin: async (scope: FastifyInstance) => {
      const base = scope.prefix;
      const assets = await pageAssets(PACT_BUNDLE, base);
      registerAssetRoutes(scope, assets);
      registerPactPages(scope, { deps, assets, base, portalUrl: options.portalUrl, trustUrl: options.trustUrl, devMail: options.devMail });
    },
  };
}
