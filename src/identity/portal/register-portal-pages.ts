import type { FastifyInstance } from 'fastify';
import { fileURLToPath } from 'node:url';
import { developmentMailboxDirectory } from '../../platform/mail/index.js';
import { pageAssets, registerAssetRoutes, type PageBundle } from '../../platform/pages/index.js';
import type { IdentityDeps } from '../identity-deps.js';
import type { TenantAppAccess } from '../launch/tenant-app-access.js';
import type { SessionResolver } from '../sessions/session-resolver.js';
import { registerAccountPages } from './routes/account-pages.routes.js';
import { registerApiTokenPages } from './routes/api-token-pages.routes.js';
import { registerDevMailPages } from './routes/dev-mail.routes.js';
import { registerMfaPages } from './routes/mfa-pages.routes.js';
import { registerPublicPages } from './routes/public-pages.routes.js';
import { registerTenantSettingsPages } from './routes/tenant-settings-pages.routes.js';

/** The portal's client script (the page kit's form handling plus passkeys and TOTP set-up). */
export const PORTAL_BUNDLE: PageBundle = { name: 'portal', entry: fileURLToPath(new URL('./client/portal.ts', import.meta.url)) };

/**
 * The portal's server-rendered pages and their one script and stylesheet. The client bundle is
 * built while the server starts (a failed build stops the start); pages call the JSON API from
 * the browser, so they hold no business logic of their own.
 */
export function registerPortalPages(app: FastifyInstance, deps: IdentityDeps, sessions: SessionResolver, isAppEnabled: TenantAppAccess): void {
  void app.register(async (portal) => {
    const assets = await pageAssets(PORTAL_BUNDLE);
    const mailDirectory = developmentMailboxDirectory(deps.config);
    const context = { deps, sessions, assets, isAppEnabled, devMail: mailDirectory !== null };
    registerAssetRoutes(portal, assets);
    registerPublicPages(portal, context);
    registerMfaPages(portal, context);
    registerAccountPages(portal, context);
    registerTenantSettingsPages(portal, context);
    registerApiTokenPages(portal, context);
    if (mailDirectory !== null) registerDevMailPages(portal, context, mailDirectory);
  });
}
