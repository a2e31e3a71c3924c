import type { FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import type { SupportAccess } from '../http/auth-posture.js';
import type { PageAssets } from './assets/build-page-assets.js';
import { ApiForm } from './form-parts.js';

/** Where the banner's End button posts: identity's route that ends the caller's own support access. */
export const END_SUPPORT_ACCESS_API = '/api/v1/impersonation/end';

/** The signed-in person as the page header shows them. */
export interface PageViewer {
  readonly email: string | null;
  readonly tenantName: string | null;
}

export interface NavLink {
  readonly href: string;
  readonly label: string;
}

/** What every page needs besides its own content. */
export interface PageChrome {
  readonly assets: Pick<PageAssets, 'scriptPath' | 'stylePath'>;
  readonly viewer: PageViewer | null;
  /** Show the link to the development mailbox (never in production). */
  readonly devMail: boolean;
  /** The path of this page, to mark the current navigation entry. */
  readonly path: string;
  /** The app's navigation, shown to a signed-in viewer. */
  readonly navLinks: readonly NavLink[];
  /** Where the brand link goes (the portal's launcher). */
  readonly homeHref: string;
  /** The accessible name of the navigation, e.g. `Portal` or `Records`. */
  readonly navLabel: string;
  /** Where the browser goes after signing out: a path on this origin, or `reload`. */
  readonly signOutNext: string;
  /** The trust pages' origin when they live on another host (host mode: the apex), else `''`. */
  readonly trustUrl?: string;
  /**
   * Support access in progress (impersonation): every page of every app shows who acts and until
   * when. Required, so no app's chrome can leave it out; `supportAccessOf(request)` reads it.
   */
  readonly supportAccess: Pick<SupportAccess, 'actorLabel' | 'endsAt'> | null;
}

/** The support access of the request's principal, for the page chrome. */
export function supportAccessOf(request: FastifyRequest): PageChrome['supportAccess'] {
  return request.principal?.supportAccess ?? null;
}

export interface LayoutProps {
  readonly chrome: PageChrome;
  readonly title: string;
  /** `full` once MFA allows the app; `minimal` (sign-out only) on the MFA pages. */
  readonly nav?: 'full' | 'minimal';
  readonly children: ComponentChildren;
}

/**
 * The page shell every app of the suite renders in. Script and stylesheet are the hashed bundle
 * files: the CSP allows no inline script or style, so nothing here may carry `style=` or an
 * inline handler.
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
          <a class="brand" href={chrome.homeHref}>
            bsns
          </a>
          {chrome.viewer ? <SignedInNav chrome={chrome} viewer={chrome.viewer} nav={nav} /> : null}
        </header>
        {chrome.supportAccess ? <SupportAccessBanner access={chrome.supportAccess} /> : null}
        <main id="main" tabIndex={-1}>
          <noscript>
            <p class="notice notice-warning">This site needs JavaScript to sign in and change data. Turn it on for this site and reload.</p>
          </noscript>
          {children}
        </main>
        <SiteFooter chrome={chrome} />
      </body>
    </html>
  );
}

/** On every page: where the security promises, the service's status and the API are described. */
function SiteFooter({ chrome }: { chrome: PageChrome }) {
  const trust = chrome.trustUrl ?? '';
  return (
    <footer class="site-footer">
      <ul class="footer-links" aria-label="About this service">
        <li>
          <a href={`${trust}/security`}>Security</a>
        </li>
        <li>
          <a href={`${trust}/status`}>Status</a>
        </li>
        <li>
          <a href="/api/docs">API reference</a>
        </li>
        {chrome.devMail ? (
          <li>
            <a href="/dev/mail">Development mailbox</a>
          </li>
        ) : null}
      </ul>
    </footer>
  );
}

/** "Support access by … — ends at HH:MM", with the button that ends it now. */
function SupportAccessBanner({ access }: { access: NonNullable<PageChrome['supportAccess']> }) {
  const endsAt = access.endsAt.toISOString();
  return (
    <aside class="support-banner notice notice-warning" aria-label="Support access" data-support-access>
      <p>
        Support access by <strong>{access.actorLabel}</strong> — ends at <time dateTime={endsAt}>{endsAt.slice(11, 16)} UTC</time>
      </p>
      <ApiForm api={END_SUPPORT_ACCESS_API} next="/" class="inline-form">
        <button type="submit" class="button-link">
          End support access
        </button>
      </ApiForm>
    </aside>
  );
}

function SignedInNav({ chrome, viewer, nav }: { chrome: PageChrome; viewer: PageViewer; nav: 'full' | 'minimal' }) {
  return (
    <nav class="site-nav" aria-label={chrome.navLabel}>
      {nav === 'full' ? (
        <ul class="nav-links">
          {chrome.navLinks.map((link) => (
            <li key={link.href}>
              <a href={link.href} aria-current={chrome.path === link.href ? 'page' : undefined}>
                {link.label}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      <p class="nav-account">
        {viewer.email ? <span class="nav-email">{viewer.email}</span> : null}
        {viewer.email && viewer.tenantName ? ' · ' : null}
        {viewer.tenantName ? <span class="nav-tenant">{viewer.tenantName}</span> : null}
      </p>
      <ApiForm api="/api/v1/auth/sign-out" next={chrome.signOutNext} class="inline-form">
        <button type="submit" class="button-link">
          Sign out
        </button>
      </ApiForm>
    </nav>
  );
}
