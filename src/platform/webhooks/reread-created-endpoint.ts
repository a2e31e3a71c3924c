import type { TenantVault } from '../crypto/index.js';
import { AppError } from '../errors/index.js';
import type { ReplayStore } from '../outbox/index.js';
import { currentTenantTransaction } from '../tenancy/index.js';
import { ENDPOINT_COLUMNS, toEndpoint, type EndpointRow } from './webhook-endpoint-row.js';
import type { CreatedWebhookEndpoint } from './webhooks.types.js';

/**
 * A repeated create (same Idempotency-Key) answers the same endpoint with its secret, as the
 * first answer did, for a client that lost it. The secret is never kept with the key: it is
 * read again, sealed, from the endpoint's row. An endpoint removed since is `webhook.not_found`.
 */
export function rereadCreatedEndpoint(vault: TenantVault): ReplayStore<CreatedWebhookEndpoint> {
  return {
    keep: ({ id }) => ({ id }),
    async restore(kept) {
      const id = (kept as { id: string }).id;
      const { rows } = await currentTenantTransaction().query<EndpointRow & { secret_sealed: string }>(`SELECT ${ENDPOINT_COLUMNS}, secret_sealed FROM webhook_endpoints WHERE id = $1`, [id]);
      const row = rows[0];
      if (!row) throw new AppError('webhook.not_found');
      const secret = await vault.open(row.secret_sealed, { table: 'webhook_endpoints', column: 'secret_sealed', rowId: row.id });
      if (secret.status !== 'ok') throw new AppError('vault.data_key_destroyed');
      return { ...toEndpoint(row), secret: secret.value };
    },
  };
}
