import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../../platform/errors/index.js';
import { listAuditEntries } from '../../../platform/audit/index.js';
import { DEFAULT_PAGE_LIMIT, pageQuerySchema } from '../../../platform/paging/index.js';
import { findImpersonationEvent, listImpersonationActions, listImpersonationEvents, supportAccessNeedsApproval } from '../../impersonation/index.js';
import { requireManager } from '../../tenants/tenant-access.js';
import type { Viewer } from '../loaders/load-viewer.js';
import { SupportAccessEventPage, SupportAccessPage } from '../views/support-access-page.js';
import { TenantAuditPage } from '../views/tenant-audit-page.js';
import { chromeFor, pageOptions, requireViewer, sendPage, type PortalContext } from './page-kit.js';

const PENDING_LIMIT = 20;

/**
 * Tenant settings for owners and admins: support access (approval, requests, every
 * impersonation and what it did) and the audit log of the tenant. The role is read from the
 * database; a member, or a viewer without an active tenant, gets the page's empty state.
 */
export function registerTenantSettingsPages(app: FastifyInstance, context: PortalContext): void {
  const options = pageOptions(context, 'session+mfa');
  const { deps } = context;

  /** The active tenant if the viewer manages it, else null. */
  async function managedTenant(viewer: Viewer): Promise<{ id: string; name: string } | null> {
    if (!viewer.tenant) return null;
    try {
      await requireManager(deps.db, { userId: viewer.userId, tenantId: viewer.tenant.id });
    } catch (error) {
      if (error instanceof AppError && (error.code === 'member.manage_forbidden' || error.code === 'auth.not_a_member')) return null;
      throw error;
    }
    return { id: viewer.tenant.id, name: viewer.tenant.name };
  }

  /** Who the entries' user ids are, for display (one query per page). */
  async function emailsOf(userIds: readonly string[]): Promise<ReadonlyMap<string, string>> {
    if (userIds.length === 0) return new Map();
    const { rows } = await deps.db.query<{ id: string; email: string }>('SELECT id, email FROM users WHERE id = ANY($1::uuid[])', [[...new Set(userIds)]]);
    return new Map(rows.map((row) => [row.id, row.email]));
  }

  const listQuery = z.strictObject({ cursor: pageQuerySchema().shape.cursor });
  app.get('/tenant/support-access', { ...options, schema: { ...options.schema, querystring: listQuery } }, async (request, reply) => {
    const viewer = await requireViewer(context, request);
    const tenant = await managedTenant(viewer);
    const { cursor } = request.query as z.infer<typeof listQuery>;
    const data = tenant
      ? await Promise.all([
          supportAccessNeedsApproval(deps, tenant.id),
          listImpersonationEvents(deps.db, deps.clock, { tenantId: tenant.id }, { limit: DEFAULT_PAGE_LIMIT, cursor }),
          // Requests expire within a day, so the waiting ones are few: one page of them.
          listImpersonationEvents(deps.db, deps.clock, { tenantId: tenant.id, pending: true }, { limit: PENDING_LIMIT }),
        ])
      : null;
    const page = tenant && data ? { name: tenant.name, needsApproval: data[0], events: data[1], pending: data[2].items } : null;
    return sendPage(reply, <SupportAccessPage chrome={chromeFor(context, request, viewer)} tenant={page} />);
  });

  const eventParams = z.object({ id: z.uuid() });
  app.get('/tenant/support-access/:id', { ...options, schema: { ...options.schema, params: eventParams, querystring: listQuery } }, async (request, reply) => {
    const viewer = await requireViewer(context, request);
    const tenant = await managedTenant(viewer);
    if (!tenant) throw new AppError('member.manage_forbidden');
    const { id } = request.params as z.infer<typeof eventParams>;
    const event = await findImpersonationEvent(deps.db, deps.clock, id, tenant.id);
    const actions = await listImpersonationActions(deps.db, event.id, { limit: DEFAULT_PAGE_LIMIT, cursor: (request.query as z.infer<typeof listQuery>).cursor });
    return sendPage(reply, <SupportAccessEventPage chrome={chromeFor(context, request, viewer)} event={event} actions={actions} />);
  });

  const auditQuery = z.strictObject({ before: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional() });
  app.get('/tenant/audit', { ...options, schema: { ...options.schema, querystring: auditQuery } }, async (request, reply) => {
    const viewer = await requireViewer(context, request);
    const tenant = await managedTenant(viewer);
    const { before } = request.query as z.infer<typeof auditQuery>;
    const page = tenant ? await listAuditEntries(deps.db, { tenantId: tenant.id, beforeSeq: before, limit: DEFAULT_PAGE_LIMIT }) : null;
    const actorEmails = page ? await emailsOf(page.entries.flatMap((entry) => (entry.actorType === 'user' && entry.actorId ? [entry.actorId] : []))) : new Map<string, string>();
    const data = tenant && page ? { name: tenant.name, entries: page.entries, nextBefore: page.nextBefore, paged: before !== undefined, actorEmails } : null;
    return sendPage(reply, <TenantAuditPage chrome={chromeFor(context, request, viewer)} tenant={data} />);
  });
}
