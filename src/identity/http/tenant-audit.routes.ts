import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditEntryView, auditPageSchema, auditQuerySchema, listAuditEntries } from '../../platform/audit/index.js';
import type { IdentityDeps } from '../identity-deps.js';
import type { SessionResolver } from '../sessions/session-resolver.js';
import { requireManager } from '../tenants/tenant-access.js';
import { currentSession } from './current-session.js';

const tenantAuditQuerySchema = auditQuerySchema.omit({ tenant: true });

/**
 * The platform audit entries about the active tenant, for its owners and admins (member role
 * changes and removals, reveals of its records' sensitive fields). The tenant comes from the
 * session and the role is re-read from the database, never taken from the token or the URL.
 */
export function registerTenantAuditRoutes(app: FastifyInstance, deps: IdentityDeps, resolver: SessionResolver): void {
  app.withTypeProvider<ZodTypeProvider>().get('/api/v1/tenant/audit', {
    config: { auth: 'session+mfa' },
    schema: {
      summary: "Audit entries about the active tenant (owners and admins)",
      tags: ['tenants'],
      querystring: tenantAuditQuerySchema,
      response: { 200: auditPageSchema },
    },
    handler: async (request) => {
      const claims = currentSession(resolver, request);
      const { tenantId } = await requireManager(deps.db, { userId: claims.sub, tenantId: claims.tid });
      const { action, actor, before, limit } = request.query;
      const page = await listAuditEntries(deps.db, { action, actorId: actor, tenantId, beforeSeq: before, limit });
      return { entries: page.entries.map(auditEntryView), nextBefore: page.nextBefore };
    },
  });
}
