import type { BusinessDb } from '../tenancy/index.js';
import { addJob, queueEmail } from './enqueue.js';
import { WEBHOOK_MAX_ATTEMPTS, type JobNames } from './job-names.js';
import type { OutboxTopics } from './outbox-topics.js';

export interface DispatchDeps {
  readonly businessDb: BusinessDb;
  readonly topics: OutboxTopics;
  readonly names: JobNames;
}

/**
 * Runs an event's handlers and fans it out to the tenant's webhook endpoints, all in one tenant
 * transaction that also marks the event processed: a crash anywhere before the commit runs it
 * again from the start, and after the commit a second run finds it processed and does nothing.
 * Handlers write to the database only; emails and webhooks go out as their own jobs.
 */
export async function dispatchEvent(deps: DispatchDeps, tenantId: string, eventId: string): Promise<void> {
  await deps.businessDb.withTenant(tenantId, async (tx) => {
    const { rows } = await tx.query<{ topic: string; payload: Record<string, unknown>; created_at: Date; processed_at: Date | null }>(
      'SELECT topic, payload, created_at, processed_at FROM outbox_events WHERE id = $1 FOR UPDATE',
      [eventId],
    );
    const row = rows[0];
    if (!row || row.processed_at) return;
    const event = { id: eventId, tenantId, topic: row.topic, payload: row.payload, createdAt: row.created_at };
    for (const handler of deps.topics.handlersOf(row.topic)) {
      await handler({ tx, event, queueEmail: (email) => queueEmail(deps.names, tx, eventId, email) });
    }
    if (deps.topics.isWebhookTopic(row.topic)) {
      const deliveries = await tx.query<{ id: string }>(
        `INSERT INTO webhook_deliveries (tenant_id, endpoint_id, event_id)
         SELECT tenant_id, id, $1::uuid FROM webhook_endpoints WHERE enabled AND (cardinality(topics) = 0 OR $2::text = ANY (topics))
         ON CONFLICT (tenant_id, endpoint_id, event_id) DO NOTHING RETURNING id`,
        [eventId, row.topic],
      );
      for (const { id } of deliveries.rows) {
        await addJob(tx, deps.names.webhook, { tenantId, deliveryId: id }, { jobKey: `webhook:${id}`, maxAttempts: WEBHOOK_MAX_ATTEMPTS });
      }
    }
    await tx.query('UPDATE outbox_events SET processed_at = now() WHERE id = $1', [eventId]);
  });
}
