import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../../platform/errors/index.js';
import { sendErrorPage, supportAccessOf, type PageAssets, type PageChrome } from '../../../platform/pages/index.js';
import { currentTenantTransaction } from '../../../platform/tenancy/index.js';
import type { PactDeps } from '../pact-deps.js';

/** What the pact pages share. */
export interface PactPageContext {
  readonly deps: PactDeps;
  readonly assets: PageAssets;
  /** Where the app is mounted on its origin: `/pact` under a path prefix, `''` on its own host. */
  readonly base: string;
  readonly portalUrl: string;
  readonly trustUrl: string;
  readonly devMail: boolean;
}

/** The chrome of a sender's page (signed in), or of a signer's or visitor's page (`tenantName` null: no navigation). */
export function chromeFor(context: PactPageContext, request: FastifyRequest, tenantName: string | null): PageChrome {
  const { base, portalUrl } = context;
  return {
    assets: context.assets,
    viewer: tenantName === null ? null : { email: null, tenantName },
    devMail: context.devMail && portalUrl === '',
    path: request.url.split('?')[0] ?? '/',
    navLinks: [
      { href: `${base}/`, label: 'Envelopes' },
      { href: `${base}/templates`, label: 'Templates' },
      { href: `${base}/chain`, label: 'Chain' },
      { href: `${base}/verify`, label: 'Verify a PDF' },
      { href: `${portalUrl}/`, label: 'All apps' },
    ],
    homeHref: `${portalUrl}/`,
    navLabel: 'Pact',
    signOutNext: 'reload',
    trustUrl: context.trustUrl,
    supportAccess: supportAccessOf(request),
  };
}

export async function tenantName(): Promise<string | null> {
  const { rows } = await currentTenantTransaction().query<{ name: string }>('SELECT name FROM tenants');
  return rows[0]?.name ?? null;
}

/** Error pages for pact's HTML routes; a signed-out sender is sent to sign in and back. */
function pageErrorHandler(context: PactPageContext, signedIn: boolean) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (signedIn && error instanceof AppError && ['GET', 'HEAD'].includes(request.method)) {
      const target = error.code === 'auth.required' ? '/sign-in' : error.code === 'auth.mfa_required' ? '/mfa' : null;
      if (target) return reply.redirect(context.portalUrl === '' ? `${target}?return_to=${encodeURIComponent(request.url)}` : `${context.portalUrl}${target}`, 303);
    }
    return sendErrorPage(chromeFor(context, request, null), error, request, reply);
  };
}

/** A sender's page: `session+mfa`, hidden from the OpenAPI document. */
export function senderPageOptions(context: PactPageContext) {
  return { config: { auth: 'session+mfa' as const }, schema: { hide: true }, errorHandler: pageErrorHandler(context, true) };
}

/** A signer's or anyone's page: public; what it shows is reached only through the signer's session. */
export function publicPageOptions(context: PactPageContext) {
  return { config: { auth: 'public' as const }, schema: { hide: true }, errorHandler: pageErrorHandler(context, false) };
}
