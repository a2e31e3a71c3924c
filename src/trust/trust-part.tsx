import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { SuitePart } from '../platform/http/index.js';
import { pageAssets, registerAssetRoutes, type PageBundle } from '../platform/pages/index.js';
import { registerTrustPages } from './pages/trust-pages.routes.js';
import { registerSecurityTxtRoutes } from './security-txt/security-txt.routes.js';
import type { TrustDeps } from './trust-deps.js';
import { securityContacts, trustOrigin } from './trust-origin.js';

const TRUST_BUNDLE: PageBundle = {
  name: 'trust',
  entry: fileURLToPath(new URL('./pages/client/trust.ts', import.meta.url)),
  stylesheets: [fileURLToPath(new URL('./pages/trust.css', import.meta.url))],
};

/**
 * The trust part: `/security` and its documents, `/status` and its feeds, security.txt. Served
 * at the apex `<domain>` in host mode and at the root of the one origin otherwise (spec: trust
 * lives on `<domain>` or the portal). Its assets sit under `/security/assets/`, since the portal
 * owns `/assets/` on the shared origin.
 */
export function trustSuitePart(deps: TrustDeps, options: { readonly portalUrl: string }): SuitePart {
  return {
    id: 'trust',
    pathPrefix: '',
    hostLabel: '',
    plugin: async (scope: FastifyInstance) => {
      const assets = await pageAssets(TRUST_BUNDLE, '/security');
      await scope.register(async (security) => registerAssetRoutes(security, assets), { prefix: '/security' });
      registerSecurityTxtRoutes(scope, { config: deps.config.securityTxt, contacts: securityContacts(deps.config), origin: trustOrigin(deps.config), clock: deps.clock });
      registerTrustPages(scope, deps, { assets, portalUrl: options.portalUrl });
    },
  };
}
