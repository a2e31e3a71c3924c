import { AppError } from '../errors/index.js';
import { addJob, WEBHOOK_MAX_ATTEMPTS, type JobNames } from '../outbox/index.js';
import { currentTenantTransaction } from '../tenancy/index.js';

/**
 * The dead-letter retry button: the delivery gets a fresh round of attempts, now. Its job is
 * replaced (same job key), so a scheduled retry and this one never both run; the delivery id,
 * and so the receiver's dedup key, stays the same.
 */
export async function retryDelivery(names: JobNames, id: string): Promise<void> {
  const tx = currentTenantTransaction();
  const result = await tx.query(`UPDATE webhook_deliveries SET status = 'pending', attempts = 0, updated_at = now() WHERE id = $1 AND status IN ('failed', 'dead')`, [id]);
  if (result.rowCount === 0) throw new AppError('webhook.delivery_not_found');
  await addJob(tx, names.webhook, { tenantId: tx.tenantId, deliveryId: id }, { jobKey: `webhook:${id}`, maxAttempts: WEBHOOK_MAX_ATTEMPTS, replace: true });
}
