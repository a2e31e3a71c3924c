import { AppError } from '../errors/index.js';
import { currentTenantTransaction } from '../tenancy/index.js';

/** Removes an endpoint and, with it, its deliveries (pending jobs then find nothing to send). */
export async function deleteWebhookEndpoint(id: string): Promise<void> {
  const result = await currentTenantTransaction().query('DELETE FROM webhook_endpoints WHERE id = $1', [id]);
  if (result.rowCount === 0) throw new AppError('webhook.not_found');
}
