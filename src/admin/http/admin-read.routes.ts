import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AdminDeps } from '../admin-deps.js';
import { jsonPage, jsonView } from './json-view.js';
import { findUser } from '../queries/find-user.js';
import { listMemberships } from '../queries/list-memberships.js';
import { listSessions } from '../queries/list-sessions.js';
import { findTenant, listTenants } from '../queries/list-tenants.js';
import { listTokens } from '../queries/list-tokens.js';
import { listUsers } from '../queries/list-users.js';
import { readOverview } from '../queries/overview.js';
import {
  adminTenantSchema,
  adminUserDetailSchema,
  idParamsSchema,
  membershipPageSchema,
  membershipQuerySchema,
  overviewSchema,
  searchQuerySchema,
  sessionPageSchema,
  tenantPageSchema,
  tokenPageSchema,
  userFilterQuerySchema,
  userPageSchema,
} from './admin.types.js';

/**
 * What the admin pages show, as JSON: the same queries, so the API and the pages say the same
 * thing. Every route is a `platform:<permission>` posture (MFA-verified); reading needs `:read`.
 */
export function registerAdminReadRoutes(app: FastifyInstance, deps: AdminDeps): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['admin'];

  routes.get('/api/v1/admin/overview', {
    config: { auth: 'platform:tenants:read' },
    schema: { summary: 'Platform totals: users, tenants, live sessions and tokens', tags, response: { 200: overviewSchema } },
    handler: () => readOverview(deps.db, deps.clock),
  });

  routes.get('/api/v1/admin/tenants', {
    config: { auth: 'platform:tenants:read' },
    schema: { summary: 'Every tenant, newest first, searched by name or id', tags, querystring: searchQuerySchema, response: { 200: tenantPageSchema } },
    handler: async (request) => jsonPage(await listTenants(deps.db, request.query)),
  });

  routes.get('/api/v1/admin/tenants/:id', {
    config: { auth: 'platform:tenants:read', errorCodes: ['admin.tenant_not_found'] },
    schema: { summary: 'One tenant, with its disabled state', tags, params: idParamsSchema, response: { 200: adminTenantSchema } },
    handler: async (request) => jsonView(await findTenant(deps.db, request.params.id)),
  });

  routes.get('/api/v1/admin/memberships', {
    config: { auth: 'platform:users:read' },
    schema: { summary: 'Memberships of a user or of a tenant, in the order they joined', tags, querystring: membershipQuerySchema, response: { 200: membershipPageSchema } },
    handler: async (request) => jsonPage(await listMemberships(deps.db, request.query)),
  });

  routes.get('/api/v1/admin/users', {
    config: { auth: 'platform:users:read' },
    schema: { summary: 'Every user, newest first, searched by email, name or id', tags, querystring: searchQuerySchema, response: { 200: userPageSchema } },
    handler: async (request) => jsonPage(await listUsers(deps.db, request.query)),
  });

  routes.get('/api/v1/admin/users/:id', {
    config: { auth: 'platform:users:read', errorCodes: ['admin.user_not_found'] },
    schema: { summary: 'One user, with the kinds of factor they have and their platform groups', tags, params: idParamsSchema, response: { 200: adminUserDetailSchema } },
    handler: async (request) => jsonView(await findUser(deps.db, request.params.id)),
  });

  routes.get('/api/v1/admin/sessions', {
    config: { auth: 'platform:users:read' },
    schema: { summary: 'Live sessions, newest first, of everyone or of one user', tags, querystring: userFilterQuerySchema, response: { 200: sessionPageSchema } },
    handler: async (request) => jsonPage(await listSessions(deps.db, deps.clock, request.query)),
  });

  routes.get('/api/v1/admin/tokens', {
    config: { auth: 'platform:users:read' },
    schema: { summary: 'Personal access tokens (metadata only), newest first, of everyone or of one user', tags, querystring: userFilterQuerySchema, response: { 200: tokenPageSchema } },
    handler: async (request) => jsonPage(await listTokens(deps.db, request.query)),
  });
}
