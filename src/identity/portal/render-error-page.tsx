import { renderToString } from 'preact-render-to-string';
import type { ErrorPageRenderer } from '../../platform/http/index.js';
import { ErrorPage, pageAssets } from '../../platform/pages/index.js';
import { PORTAL_BUNDLE } from './register-portal-pages.js';
import { portalChrome } from './routes/page-kit.js';

/**
 * The portal's error page for errors raised outside any page route (a page that does not
 * exist, a link the router cannot parse). Handed to the platform's server by the composition
 * root; rendered signed-out, since no route (and so no session resolver) ran.
 */
export function createErrorPageRenderer(options: { readonly devMail: boolean; readonly trustUrl: string }): ErrorPageRenderer {
  return async ({ status, message, path }) => {
    const chrome = portalChrome({ assets: await pageAssets(PORTAL_BUNDLE), viewer: null, devMail: options.devMail, path, trustUrl: options.trustUrl });
    return `<!doctype html>${renderToString(<ErrorPage chrome={chrome} status={status} message={message} />)}`;
  };
}
