import { currentTenantTransaction } from '../tenancy/index.js';
import { ENDPOINT_COLUMNS, toEndpoint, type EndpointRow } from './webhook-endpoint-row.js';
import type { WebhookEndpoint } from './webhooks.types.js';

export async function listWebhookEndpoints(): Promise<WebhookEndpoint[]> {
  const { rows } = await currentTenantTransaction().query<EndpointRow>(`SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints ORDER BY created_at, id LIMIT 100`);
  return rows.map(toEndpoint);
}
