import type { ComponentChildren } from 'preact';
import { Layout, type PageAssets, type PageChrome } from '../../../platform/pages/index.js';

/** What every trust page needs: the bundle and the portal's origin (another host in host mode). */
export interface TrustPageContext {
  readonly assets: PageAssets;
  readonly portalUrl: string;
}

const TRUST_LINKS = [
  { href: '/security', label: 'Security' },
  { href: '/security/sub-processors', label: 'Sub-processors' },
  { href: '/security/faq', label: 'Security questionnaire' },
  { href: '/status', label: 'Status' },
] as const;

/**
 * The page kit's layout for a public page: no viewer (the trust part never reads a session),
 * with the trust pages' own navigation in the content.
 */
export function TrustLayout({ context, path, title, children }: { context: TrustPageContext; path: string; title: string; children: ComponentChildren }) {
  const chrome: PageChrome = {
    assets: context.assets,
    viewer: null,
    devMail: false,
    path,
    navLinks: [],
    homeHref: `${context.portalUrl}/`,
    navLabel: 'Trust',
    supportAccess: null,
    signOutNext: 'reload',
  };
  return (
    <Layout chrome={chrome} title={title}>
      <nav aria-label="Trust">
        <ul class="trust-nav">
          {TRUST_LINKS.map((link) => (
            <li key={link.href}>
              <a href={link.href} aria-current={path === link.href ? 'page' : undefined}>
                {link.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {children}
    </Layout>
  );
}
