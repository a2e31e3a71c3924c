import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Queryable } from '../db/queryable.js';
import type { AuditRecord } from './audit-entry.js';
import { auditPageSchema, auditQuerySchema } from './audit.types.js';
import { listAuditEntries } from './list-audit-entries.js';

/** The platform audit log for platform admins holding `audit:read` (MFA-verified, like every platform posture). */
export function registerAuditRoutes(app: FastifyInstance, deps: { db: Queryable }): void {
  app.withTypeProvider<ZodTypeProvider>().get('/api/v1/admin/audit', {
    config: { auth: 'platform:audit:read' },
    schema: {
      summary: 'Platform audit log entries, newest first, with filters and keyset paging',
      tags: ['admin'],
      querystring: auditQuerySchema,
      response: { 200: auditPageSchema },
    },
    handler: async (request) => {
      const { action, actor, tenant, before, limit } = request.query;
      const page = await listAuditEntries(deps.db, { action, actorId: actor, tenantId: tenant, beforeSeq: before, limit });
      return { entries: page.entries.map(auditEntryView), nextBefore: page.nextBefore };
    },
  });
}

export function auditEntryView(entry: AuditRecord) {
  return {
    seq: entry.seq,
    occurredAt: entry.occurredAt.toISOString(),
    actor: { type: entry.actorType, id: entry.actorId },
    permission: entry.permission,
    action: entry.action,
    target: entry.targetType && entry.targetId ? { type: entry.targetType, id: entry.targetId } : null,
    tenantId: entry.tenantId,
    metadata: entry.metadata,
    clientAddress: entry.clientAddress,
    hash: entry.hash,
  };
}
