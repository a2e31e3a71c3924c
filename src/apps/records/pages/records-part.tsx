import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { pageAssets, registerAssetRoutes, type PageBundle } from '../../../platform/pages/index.js';
import type { SuitePart } from '../../../platform/http/index.js';
import type { RecordsDeps } from '../records-deps.js';
import { registerRecordPages } from './records-pages.routes.js';

const RECORDS_BUNDLE: PageBundle = {
  name: 'records',
  entry: fileURLToPath(new URL('./client/records.ts', import.meta.url)),
  stylesheets: [fileURLToPath(new URL('./records.css', import.meta.url))],
};

export interface RecordsPartOptions {
  /** The portal's origin when apps live on their own hosts (`BSNS_DOMAIN`), else `''`. */
  readonly portalUrl: string;
  /** The trust pages' origin when they live on another host (host mode), else `''`. */
  readonly trustUrl: string;
  readonly devMail: boolean;
}

/**
 * The records app's pages as a part of the suite: mounted at `/records` on the one origin, or on
 * `records.<domain>` in host mode (`mountSuiteParts`). Its JSON API lives under `/api/v1/records`
 * on every host, registered with the suite's routes.
 */
export function recordsSuitePart(deps: RecordsDeps, options: RecordsPartOptions): SuitePart {
  return {
    id: 'records',
    pathPrefix: '/records',
    hostLabel: 'records',
    plugin: async (scope: FastifyInstance) => {
      const base = scope.prefix;
      const assets = await pageAssets(RECORDS_BUNDLE, base);
      registerAssetRoutes(scope, assets);
      registerRecordPages(scope, { deps, assets, base, portalUrl: options.portalUrl, trustUrl: options.trustUrl, devMail: options.devMail });
    },
  };
}
