import type { ComponentChildren } from 'preact';
import type { PortalAssets } from '../assets/build-portal-assets.js';
import type { Viewer } from '../loaders/load-viewer.js';
import { ApiForm } from './form-parts.js';

/** What every page needs besides its own content. */
export interface PageChrome {
  readonly assets: Pick<PortalAssets, 'scriptPath' | 'stylePath'>;
  readonly viewer: Viewer | null;
  /** Show the link to the development mailbox (never in production). */
  readonly devMail: boolean;
  /** The path of this page, to mark the current navigation entry. */
  readonly path: string;
}

export interface LayoutProps {
  readonly chrome: PageChrome;
  readonly title: string;
  /** `full` once MFA allows the portal; `minimal` (sign-out only) on the MFA pages. */
  readonly nav?: 'full' | 'minimal';
  readonly children: ComponentChildren;
}

const NAV_LINKS = [
  { href: '/', label: 'Apps' },
  { href: '/account/security', label: 'Security' },
  { href: '/tenants', label: 'Tenants' },
  { href: '/tenant/members', label: 'Members' },
] as const;

/**
 * The page shell. Script and stylesheet are the hashed bundle files: the CSP allows no inline
 * script or style, so nothing here may carry `style=` or an inline handler.
 */
export function Layout({ chrome, title, nav = 'full', children }: LayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · bsns`}</title>
        <link rel="stylesheet" href={chrome.assets.stylePath} />
        <script type="module" src={chrome.assets.scriptPath} />
      </head>
      <body>
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <header class="site-header">
          <a class="brand" href="/">
            bsns
          </a>
          {chrome.viewer ? <SignedInNav chrome={chrome} viewer={chrome.viewer} nav={nav} /> : null}
        </header>
        <main id="main" tabIndex={-1}>
          <noscript>
            <p class="notice notice-warning">The portal needs JavaScript to sign in and change settings. Turn it on for this site and reload.</p>
          </noscript>
          {children}
        </main>
        {chrome.devMail ? (
          <footer class="site-footer">
            <a href="/dev/mail">Development mailbox</a>
          </footer>
        ) : null}
      </body>
    </html>
  );
}

function SignedInNav({ chrome, viewer, nav }: { chrome: PageChrome; viewer: Viewer; nav: 'full' | 'minimal' }) {
  return (
    <nav class="site-nav" aria-label="Portal">
      {nav === 'full' ? (
        <ul class="nav-links">
          {NAV_LINKS.map((link) => (
            <li key={link.href}>
              <a href={link.href} aria-current={chrome.path === link.href ? 'page' : undefined}>
                {link.label}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      <p class="nav-account">
        <span class="nav-email">{viewer.email}</span>
        {viewer.tenant ? <span class="nav-tenant"> · {viewer.tenant.name}</span> : null}
      </p>
      <ApiForm api="/api/v1/auth/sign-out" next="/sign-in?notice=signed_out" class="inline-form">
        <button type="submit" class="button-link">
          Sign out
        </button>
      </ApiForm>
    </nav>
  );
}
