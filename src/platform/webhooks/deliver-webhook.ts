import type { Clock } from '../clock.js';
import type { TenantVault } from '../crypto/index.js';
import type { BusinessDb } from '../tenancy/index.js';
import { WEBHOOK_MAX_ATTEMPTS } from '../outbox/job-names.js';
import { postWebhook } from './post-webhook.js';
import { WebhookAddressRefused, type WebhookAddressPolicy } from './webhook-address-policy.js';
import { signWebhook } from './webhook-signature.js';

export interface DeliverWebhookDeps {
  readonly businessDb: BusinessDb;
  readonly tenantVault: TenantVault;
  readonly addressPolicy: WebhookAddressPolicy;
  readonly clock: Clock;
}

export type DeliveryOutcome = 'delivered' | 'skipped' | 'failed' | 'dead';

interface DeliveryRow {
  id: string;
  status: string;
  attempts: number;
  event_id: string;
  endpoint_id: string;
  url: string;
  secret_sealed: string;
  topic: string;
  payload: Record<string, unknown>;
  created_at: Date;
}

/**
 * One attempt at one delivery. The row stays locked while the request is in flight, so the
 * scheduled retry and a retry button never send it twice at once; it is marked delivered in the
 * same transaction, so a crash before the commit only means one more attempt with the same
 * `webhook-id`, which the receiver deduplicates.
 */
export async function deliverWebhook(deps: DeliverWebhookDeps, tenantId: string, deliveryId: string): Promise<DeliveryOutcome> {
  return deps.businessDb.withTenant(tenantId, async (tx) => {
    const { rows } = await tx.query<DeliveryRow>(
      `SELECT d.id, d.status, d.attempts, d.event_id, d.endpoint_id, e.url, e.secret_sealed, ev.topic, ev.payload, ev.created_at
         FROM webhook_deliveries d
         JOIN webhook_endpoints e ON e.tenant_id = d.tenant_id AND e.id = d.endpoint_id
         JOIN outbox_events ev ON ev.tenant_id = d.tenant_id AND ev.id = d.event_id
        WHERE d.id = $1 FOR UPDATE OF d`,
      [deliveryId],
    );
    const row = rows[0];
    if (!row || row.status === 'delivered') return 'skipped';

    let status: number | null = null;
    let error: string | null = null;
    const secret = await deps.tenantVault.open(row.secret_sealed, { table: 'webhook_endpoints', column: 'secret_sealed', rowId: row.endpoint_id });
    if (secret.status === 'ok') {
      const body = JSON.stringify({ id: row.event_id, type: row.topic, createdAt: row.created_at.toISOString(), data: row.payload });
      const timestamp = Math.floor(deps.clock.now().getTime() / 1000);
      const headers = { 'webhook-id': row.id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signWebhook(secret.value, row.id, timestamp, body) };
      try {
        status = (await postWebhook(row.url, headers, body, deps.addressPolicy)).status;
        if (status < 200 || status > 299) error = `the endpoint answered ${status}`;
      } catch (cause) {
        error = deliveryFailure(cause);
      }
    } else {
      error = 'the signing secret is unavailable';
    }

    const attempts = row.attempts + 1;
    const outcome: DeliveryOutcome = error === null ? 'delivered' : attempts >= WEBHOOK_MAX_ATTEMPTS ? 'dead' : 'failed';
    await tx.query(
      `UPDATE webhook_deliveries SET status = $2, attempts = $3, last_status = $4, last_error = $5, updated_at = now(),
              delivered_at = CASE WHEN $2 = 'delivered' THEN now() END
        WHERE id = $1`,
      [row.id, outcome, attempts, status, error],
    );
    return outcome;
  });
}

/**
 * What a tenant reads about a failed attempt. Our own refusal says why; any network failure
 * (refused, unreachable, reset, timed out) reads the same, so failed deliveries cannot be used
 * to tell open ports from closed or filtered ones on hosts the tenant does not control.
 */
function deliveryFailure(cause: unknown): string {
  if (cause instanceof WebhookAddressRefused) return cause.message;
  return 'the endpoint could not be reached';
}
