import { randomUUID } from 'node:crypto';
import type { TenantVault } from '../crypto/index.js';
import { AppError } from '../errors/index.js';
import { enforceBusinessQuota, type QuotaGuard } from '../quotas/index.js';
import { currentTenantTransaction } from '../tenancy/index.js';
import { checkWebhookUrl, WebhookAddressRefused, type WebhookAddressPolicy } from './webhook-address-policy.js';
import { generateWebhookSecret } from './webhook-signature.js';
import type { CreatedWebhookEndpoint, CreateWebhookEndpointInput } from './webhooks.types.js';
import { ENDPOINT_COLUMNS, toEndpoint, type EndpointRow } from './webhook-endpoint-row.js';
import { WEBHOOK_QUOTA_USAGE } from './webhook-quota.js';

export interface CreateWebhookEndpointDeps {
  readonly tenantVault: TenantVault;
  readonly addressPolicy: WebhookAddressPolicy;
  readonly quotas: QuotaGuard;
}

/**
 * Saves a tenant's webhook endpoint after the SSRF check; its signing secret is sealed by the
 * vault and shown once. Refused with `quota.exceeded` once the tenant has `tenant.webhooks`
 * endpoints, counted under the quota's lock after the DNS lookup (no network wait holds it).
 */
export async function createWebhookEndpoint(deps: CreateWebhookEndpointDeps, input: CreateWebhookEndpointInput): Promise<CreatedWebhookEndpoint> {
  try {
    await checkWebhookUrl(input.url, deps.addressPolicy);
  } catch (error) {
    if (error instanceof WebhookAddressRefused) throw new AppError('webhook.url_refused', `This webhook URL is not allowed: ${error.message}.`);
    throw error;
  }
  const tx = currentTenantTransaction();
  const id = randomUUID();
  const secret = generateWebhookSecret();
  const sealed = await deps.tenantVault.seal(secret, { table: 'webhook_endpoints', column: 'secret_sealed', rowId: id });
  await enforceBusinessQuota(deps.quotas, 'tenant.webhooks', WEBHOOK_QUOTA_USAGE['tenant.webhooks']);
  const { rows } = await tx.query<EndpointRow>(
    `INSERT INTO webhook_endpoints (tenant_id, id, url, description, secret_sealed, topics) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${ENDPOINT_COLUMNS}`,
    [tx.tenantId, id, input.url, input.description ?? '', sealed, input.topics ?? []],
  );
  return { ...toEndpoint(rows[0]!), secret };
}
