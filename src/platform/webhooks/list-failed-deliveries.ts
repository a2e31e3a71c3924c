import { readPage, type Page, type PageRequest } from '../paging/index.js';
import { currentTenantTransaction } from '../tenancy/index.js';
import type { FailedDelivery } from './webhooks.types.js';

interface FailedDeliveryRow {
  id: string; endpoint_id: string; url: string; event_id: string; topic: string; status: 'failed' | 'dead';
  attempts: number; last_status: number | null; last_error: string | null; updated_at: Date; at: string;
}

/**
 * The dead-letter view, one page at a time, most recently failed first (keyset on the partial
 * index of failed deliveries): deliveries still retrying after a failure, and those that gave up.
 */
export async function listFailedDeliveries(page: PageRequest): Promise<Page<FailedDelivery>> {
  const tx = currentTenantTransaction();
  return readPage({
    order: { keys: ['d.updated_at', 'd.id'], descending: true },
    page,
    firstParam: 1,
    fetch: async (keyset) =>
      (
        await tx.query<FailedDeliveryRow>(
          `SELECT d.id, d.endpoint_id, e.url, d.event_id, ev.topic, d.status, d.attempts, d.last_status, d.last_error, d.updated_at, d.updated_at::text AS at
             FROM webhook_deliveries d
             JOIN webhook_endpoints e ON e.tenant_id = d.tenant_id AND e.id = d.endpoint_id
             JOIN outbox_events ev ON ev.tenant_id = d.tenant_id AND ev.id = d.event_id
            WHERE d.status IN ('failed', 'dead') AND ${keyset.where} ORDER BY ${keyset.orderBy} LIMIT ${keyset.limit}`,
          keyset.params,
        )
      ).rows,
    keyOf: (row) => [row.at, row.id],
    toItem: (row) => ({
      id: row.id, endpointId: row.endpoint_id, url: row.url, eventId: row.event_id, topic: row.topic, status: row.status,
      attempts: row.attempts, lastStatus: row.last_status, lastError: row.last_error, updatedAt: row.updated_at.toISOString(),
    }),
  });
}
