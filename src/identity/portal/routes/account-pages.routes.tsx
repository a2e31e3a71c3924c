import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { DEFAULT_PAGE_LIMIT, pageQuerySchema } from '../../../platform/paging/index.js';
import { LAUNCHABLE_APPS, type LaunchableApp } from '../../launch/suite-apps.js';
import { emailChangeForToken, pendingEmailChange } from '../../accounts/pending-email-change.js';
import { listFactors } from '../../mfa/index.js';
import { listLiveSessions } from '../../sessions/session-store.js';
import { listMyTenants } from '../../tenants/index.js';
import { loadMembers } from '../loaders/load-members.js';
import { AccountSecurityPage } from '../views/account-security-page.js';
import { EmailChangeConfirmPage } from '../views/email-change-confirm-page.js';
import { LauncherPage } from '../views/launcher-page.js';
import { MembersPage } from '../views/members-page.js';
import { TenantsPage } from '../views/tenants-page.js';
import { chromeFor, pageOptions, requireViewer, sendPage, type PortalContext } from './page-kit.js';
import { tokenOf } from './public-pages.routes.js';

/**
 * The signed-in pages: the launcher, security, tenants and members. Their posture is
 * `session+mfa`, the launch's own: a user who owes MFA is sent to the challenge or to enrolment
 * by the page error handler, and one inside the grace window gets in with a banner.
 */
export function registerAccountPages(app: FastifyInstance, context: PortalContext): void {
  const options = pageOptions(context, 'session+mfa');

  app.get('/', options, async (request, reply) => {
    const viewer = await requireViewer(context, request);
    const apps: LaunchableApp[] = [];
    if (viewer.tenant) {
      for (const candidate of LAUNCHABLE_APPS) if (await context.isAppEnabled(viewer.tenant.id, candidate)) apps.push(candidate);
    }
    return sendPage(reply, <LauncherPage chrome={chromeFor(context, request, viewer)} viewer={viewer} apps={apps} />);
  });

  const securityQuery = z.strictObject({ sessions: pageQuerySchema().shape.cursor });
  app.get('/account/security', { ...options, schema: { ...options.schema, querystring: securityQuery } }, async (request, reply) => {
    const viewer = await requireViewer(context, request);
    const { sessions: cursor } = request.query as z.infer<typeof securityQuery>;
    const [factors, sessions, pending] = await Promise.all([
      listFactors(context.deps, viewer.userId),
      listLiveSessions(context.deps.db, context.deps.clock, viewer.userId, { limit: DEFAULT_PAGE_LIMIT, cursor }),
      pendingEmailChange(context.deps, viewer.userId),
    ]);
    const page = <AccountSecurityPage chrome={chromeFor(context, request, viewer)} viewer={viewer} factors={factors} sessions={sessions} pendingEmailChange={pending} />;
    return sendPage(reply, page);
  });

  // The link mailed to a new address lands here; a signed-out browser signs in first and comes back.
  app.get('/account/email/confirm', options, async (request, reply) => {
    const viewer = await requireViewer(context, request);
    const token = tokenOf(request.query as { token?: unknown });
    const newEmail = token ? await emailChangeForToken(context.deps, viewer.userId, token) : null;
    return sendPage(reply, <EmailChangeConfirmPage chrome={chromeFor(context, request, viewer)} token={token} newEmail={newEmail} />);
  });

  app.get('/tenants', { ...options, schema: { ...options.schema, querystring: pageQuerySchema() } }, async (request, reply) => {
    const viewer = await requireViewer(context, request);
    const page = request.query as { limit: number; cursor?: string };
    const tenants = await listMyTenants(context.deps.db, { userId: viewer.userId, activeTenantId: viewer.tenant?.id ?? null, page });
    return sendPage(reply, <TenantsPage chrome={chromeFor(context, request, viewer)} tenants={tenants} />);
  });

  const membersQuery = z.strictObject({ cursor: pageQuerySchema().shape.cursor, invitations: pageQuerySchema().shape.cursor });
  app.get('/tenant/members', { ...options, schema: { ...options.schema, querystring: membersQuery } }, async (request, reply) => {
    const viewer = await requireViewer(context, request);
    const query = request.query as z.infer<typeof membersQuery>;
    const pages = { members: { limit: DEFAULT_PAGE_LIMIT, cursor: query.cursor }, invitations: { limit: DEFAULT_PAGE_LIMIT, cursor: query.invitations } };
    const members = viewer.tenant ? await loadMembers(context.deps, viewer.tenant.id, viewer.userId, pages) : null;
    const tenant = viewer.tenant && members ? { name: viewer.tenant.name, members } : null;
    return sendPage(reply, <MembersPage chrome={chromeFor(context, request, viewer)} viewer={viewer} tenant={tenant} />);
  });
}
