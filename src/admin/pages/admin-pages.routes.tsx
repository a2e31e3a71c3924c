import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listAuditEntries } from '../../platform/audit/index.js';
import { safeText } from '../../platform/http/index.js';
import { DEFAULT_PAGE_LIMIT, pageQuerySchema } from '../../platform/paging/index.js';
import { sendPage } from '../../platform/pages/index.js';
import { idParamsSchema, searchQuerySchema } from '../http/admin.types.js';
import { findUser } from '../queries/find-user.js';
import { listMemberships } from '../queries/list-memberships.js';
import { listSessions } from '../queries/list-sessions.js';
import { findTenant, listTenants } from '../queries/list-tenants.js';
import { listTokens } from '../queries/list-tokens.js';
import { listUsers } from '../queries/list-users.js';
import { readOverview } from '../queries/overview.js';
import { adminChrome, pageOptions, type AdminPageContext } from './page-context.js';
import { AuditPage } from './views/audit-page.js';
import { OverviewPage } from './views/overview-page.js';
import { SessionsPage, TokensPage } from './views/sessions-page.js';
import { TenantPage } from './views/tenant-page.js';
import { TenantsPage } from './views/tenants-page.js';
import { UserPage } from './views/user-page.js';
import { UsersPage } from './views/users-page.js';

const cursor = pageQuerySchema().shape.cursor;
const tenantPageQuery = z.strictObject({ members: cursor });
const userPageQuery = z.strictObject({ memberships: cursor, sessions: cursor, tokens: cursor });
// The filter form sends empty fields; they mean "any".
const auditPageQuery = z.strictObject({
  action: safeText({ min: 0, max: 100 }).optional(),
  actor: safeText({ min: 0, max: 200 }).optional(),
  tenant: z.union([z.uuid(), z.literal('')]).optional(),
  before: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
});

const firstPage = (at: string | undefined) => ({ limit: DEFAULT_PAGE_LIMIT, cursor: at });
const orAny = (value: string | undefined) => (value ? value : undefined);

/** The admin pages: each reads with the same queries as its JSON route and renders with the page kit; actions post to the API. */
export function registerAdminPages(app: FastifyInstance, context: AdminPageContext): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { deps, base } = context;
  const withQuery = <Q extends z.ZodType>(options: ReturnType<typeof pageOptions>, querystring: Q) => ({ ...options, schema: { ...options.schema, querystring } });

  routes.get('/', pageOptions(context, 'tenants:read'), async (request, reply) => {
    const totals = await readOverview(deps.db, deps.clock);
    return sendPage(reply, <OverviewPage chrome={await adminChrome(context, request)} base={base} totals={totals} />);
  });

  routes.get('/tenants', withQuery(pageOptions(context, 'tenants:read'), searchQuerySchema), async (request, reply) => {
    const page = await listTenants(deps.db, request.query);
    return sendPage(reply, <TenantsPage chrome={await adminChrome(context, request)} base={base} q={request.query.q} cursor={request.query.cursor} page={page} />);
  });

  const tenantOptions = pageOptions(context, 'tenants:read');
  routes.get('/tenants/:id', { ...tenantOptions, schema: { ...tenantOptions.schema, params: idParamsSchema, querystring: tenantPageQuery } }, async (request, reply) => {
    const tenant = await findTenant(deps.db, request.params.id);
    // Members are users: shown only to an admin who may read users, as the memberships API demands.
    const mayReadUsers = request.principal?.platformPermissions.has('users:read') ?? false;
    const members = mayReadUsers ? await listMemberships(deps.db, { ...firstPage(request.query.members), tenant: tenant.id }) : null;
    return sendPage(reply, <TenantPage chrome={await adminChrome(context, request)} base={base} tenant={tenant} members={members} />);
  });

  routes.get('/users', withQuery(pageOptions(context, 'users:read'), searchQuerySchema), async (request, reply) => {
    const page = await listUsers(deps.db, request.query);
    return sendPage(reply, <UsersPage chrome={await adminChrome(context, request)} base={base} q={request.query.q} cursor={request.query.cursor} page={page} />);
  });

  const userOptions = pageOptions(context, 'users:read');
  routes.get('/users/:id', { ...userOptions, schema: { ...userOptions.schema, params: idParamsSchema, querystring: userPageQuery } }, async (request, reply) => {
    const user = await findUser(deps.db, request.params.id);
    const [memberships, sessions, tokens] = await Promise.all([
      listMemberships(deps.db, { ...firstPage(request.query.memberships), user: user.id }),
      listSessions(deps.db, deps.clock, { ...firstPage(request.query.sessions), user: user.id }),
      listTokens(deps.db, { ...firstPage(request.query.tokens), user: user.id }),
    ]);
    const self = request.principal?.subject === user.id;
    return sendPage(reply, <UserPage chrome={await adminChrome(context, request)} base={base} user={user} self={self} memberships={memberships} sessions={sessions} tokens={tokens} />);
  });

  routes.get('/sessions', withQuery(pageOptions(context, 'users:read'), pageQuerySchema()), async (request, reply) => {
    const page = await listSessions(deps.db, deps.clock, request.query);
    return sendPage(reply, <SessionsPage chrome={await adminChrome(context, request)} base={base} cursor={request.query.cursor} page={page} />);
  });

  routes.get('/tokens', withQuery(pageOptions(context, 'users:read'), pageQuerySchema()), async (request, reply) => {
    const page = await listTokens(deps.db, request.query);
    return sendPage(reply, <TokensPage chrome={await adminChrome(context, request)} base={base} cursor={request.query.cursor} page={page} />);
  });

  routes.get('/audit', withQuery(pageOptions(context, 'audit:read'), auditPageQuery), async (request, reply) => {
    const filter = { action: orAny(request.query.action), actor: orAny(request.query.actor), tenant: orAny(request.query.tenant), before: request.query.before };
    const page = await listAuditEntries(deps.db, { action: filter.action, actorId: filter.actor, tenantId: filter.tenant, beforeSeq: filter.before, limit: DEFAULT_PAGE_LIMIT });
    return sendPage(reply, <AuditPage chrome={await adminChrome(context, request)} base={base} filter={filter} entries={page.entries} nextBefore={page.nextBefore} />);
  });
}
