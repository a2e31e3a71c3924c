import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { SuitePart } from '../../platform/http/index.js';
import { pageAssets, registerAssetRoutes, type PageBundle } from '../../platform/pages/index.js';
import type { AdminDeps } from '../admin-deps.js';
import { registerAdminPages } from './admin-pages.routes.js';

const ADMIN_BUNDLE: PageBundle = {
  name: 'admin',
  entry: fileURLToPath(new URL('./client/admin.ts', import.meta.url)),
  stylesheets: [fileURLToPath(new URL('./admin.css', import.meta.url))],
};

export interface AdminPartOptions {
  /** The portal's origin when it is not this part's origin, else `''` (one origin, or the portal on `auth.<domain>` too). */
  readonly portalUrl: string;
  /** The trust pages' origin when they live on another host (host mode), else `''`. */
  readonly trustUrl: string;
  readonly devMail: boolean;
}

/**
 * The platform admin pages as a part of the suite: `/admin` on the one origin, and
 * `auth.<domain>/admin` in host mode (SPEC: admin lives beside the portal, on its host). The
 * JSON API is under `/api/v1/admin/` on every host, registered with the suite's routes.
 */
export function adminSuitePart(deps: AdminDeps, options: AdminPartOptions): SuitePart {
  return {
    id: 'admin',
    pathPrefix: '/admin',
    hostLabel: 'auth',
    hostPathPrefix: '/admin',
    plugin: async (scope: FastifyInstance) => {
      const base = scope.prefix;
      const assets = await pageAssets(ADMIN_BUNDLE, base);
      registerAssetRoutes(scope, assets);
      registerAdminPages(scope, { deps, assets, base, portalUrl: options.portalUrl, trustUrl: options.trustUrl, devMail: options.devMail });
    },
  };
}
