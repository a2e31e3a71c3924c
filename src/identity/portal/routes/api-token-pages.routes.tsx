import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../platform/errors/index.js';
import { MAX_PAGE_LIMIT, pageQuerySchema } from '../../../platform/paging/index.js';
import { pageOwnApiTokens, pageTenantApiTokens } from '../../api-tokens/index.js';
import { listMyTenants } from '../../tenants/index.js';
import { ApiTokensPage } from '../views/api-tokens-page.js';
import { MemberTokensPage } from '../views/member-tokens-page.js';
import { chromeFor, pageOptions, requireViewer, sendPage, type PortalContext } from './page-kit.js';

/**
 * The token pages: a user's own tokens (list, create, revoke) and, for a tenant's owners and
 * admins, their members' tokens for it. They read through the same use cases as the JSON API
 * and post to it from the browser; no page ever holds a token's text or hash.
 */
export function registerApiTokenPages(app: FastifyInstance, context: PortalContext): void {
  const options = { ...pageOptions(context, 'session+mfa'), schema: { hide: true, querystring: pageQuerySchema() } };

  app.get('/account/tokens', options, async (request, reply) => {
    const viewer = await requireViewer(context, request);
    const page = request.query as { limit: number; cursor?: string };
    const [tokens, tenants] = await Promise.all([
      pageOwnApiTokens(context.deps.db, viewer.userId, page),
      // The tenant choice of the create form: a user in more than MAX_PAGE_LIMIT tenants switches first.
      listMyTenants(context.deps.db, { userId: viewer.userId, activeTenantId: viewer.tenant?.id ?? null, page: { limit: MAX_PAGE_LIMIT } }),
    ]);
    const now = context.deps.clock.now();
    return sendPage(reply, <ApiTokensPage chrome={chromeFor(context, request, viewer)} tokens={tokens} tenants={tenants.items} now={now} />);
  });

  app.get('/tenant/tokens', options, async (request, reply) => {
    const viewer = await requireViewer(context, request);
    const page = request.query as { limit: number; cursor?: string };
    const now = context.deps.clock.now();
    const chrome = chromeFor(context, request, viewer);
    if (!viewer.tenant) return sendPage(reply, <MemberTokensPage chrome={chrome} tenant="none" now={now} />);
    try {
      const tokens = await pageTenantApiTokens(context.deps.db, { userId: viewer.userId, tenantId: viewer.tenant.id }, page);
      return sendPage(reply, <MemberTokensPage chrome={chrome} tenant={{ name: viewer.tenant.name, tokens }} now={now} />);
    } catch (error) {
      if (!(error instanceof AppError) || (error.code !== 'member.manage_forbidden' && error.code !== 'auth.not_a_member')) throw error;
      return sendPage(reply, <MemberTokensPage chrome={chrome} tenant="forbidden" now={now} />, 403);
    }
  });
}
