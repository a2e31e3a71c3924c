import { currentTenantTransaction } from '../tenancy/index.js';
import type { Notification } from './notifications.types.js';

/** The newest notifications of one user in the current tenant, and how many are unread. */
export async function listNotifications(userId: string): Promise<{ notifications: Notification[]; unread: number }> {
  const tx = currentTenantTransaction();
  const { rows } = await tx.query<{ id: string; title: string; body: string; link: string | null; read_at: Date | null; created_at: Date }>(
    'SELECT id, title, body, link, read_at, created_at FROM notifications WHERE user_id = $1 ORDER BY created_at DESC, id LIMIT 50',
    [userId],
  );
  const unread = await tx.query<{ n: string }>('SELECT count(*) AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL', [userId]);
  return {
    notifications: rows.map((row) => ({ id: row.id, title: row.title, body: row.body, link: row.link, read: row.read_at !== null, createdAt: row.created_at.toISOString() })),
    unread: Number(unread.rows[0]!.n),
  };
}
