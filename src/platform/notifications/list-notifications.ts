import { readPage, type Page, type PageRequest } from '../paging/index.js';
import { currentTenantTransaction } from '../tenancy/index.js';
import type { Notification } from './notifications.types.js';

interface NotificationRow {
  id: string;
  title: string;
  body: string;
  link: string | null;
  read_at: Date | null;
  created_at: Date;
  at: string;
}

/**
 * One page of one user's notifications in the current tenant, newest first (keyset on the index
 * (tenant_id, user_id, created_at, id)), and how many are unread.
 */
export async function listNotifications(userId: string, page: PageRequest): Promise<Page<Notification> & { unread: number }> {
  const tx = currentTenantTransaction();
  const notifications = await readPage({
    order: { keys: ['created_at', 'id'], descending: true },
    page,
    firstParam: 2,
    fetch: async (keyset) =>
      (
        await tx.query<NotificationRow>(
          `SELECT id, title, body, link, read_at, created_at, created_at::text AS at FROM notifications
           WHERE user_id = $1 AND ${keyset.where} ORDER BY ${keyset.orderBy} LIMIT ${keyset.limit}`,
          [userId, ...keyset.params],
        )
      ).rows,
    keyOf: (row) => [row.at, row.id],
    toItem: (row) => ({ id: row.id, title: row.title, body: row.body, link: row.link, read: row.read_at !== null, createdAt: row.created_at.toISOString() }),
  });
  const unread = await tx.query<{ n: string }>('SELECT count(*) AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL', [userId]);
  return { ...notifications, unread: Number(unread.rows[0]!.n) };
}
