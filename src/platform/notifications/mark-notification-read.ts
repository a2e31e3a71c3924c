import { AppError } from '../errors/index.js';
import { currentTenantTransaction } from '../tenancy/index.js';

/** Marks one of the user's own notifications read (another user's id is "not found"). */
export async function markNotificationRead(userId: string, id: string): Promise<void> {
  const result = await currentTenantTransaction().query('UPDATE notifications SET read_at = coalesce(read_at, now()) WHERE id = $1 AND user_id = $2', [id, userId]);
  if (result.rowCount === 0) throw new AppError('notification.not_found');
}
