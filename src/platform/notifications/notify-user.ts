import type { TenantTransaction } from '../tenancy/index.js';

export interface NewNotification {
  readonly userId: string;
  readonly eventId: string;
  readonly title: string;
  readonly body?: string;
  readonly link?: string;
}

/** Adds an in-app notification from an outbox handler; one per event and user, however often the event runs. */
export async function notifyUser(tx: TenantTransaction, notification: NewNotification): Promise<void> {
  await tx.query(
    `INSERT INTO notifications (tenant_id, user_id, event_id, title, body, link) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (tenant_id, event_id, user_id) DO NOTHING`,
    [tx.tenantId, notification.userId, notification.eventId, notification.title, notification.body ?? '', notification.link ?? null],
  );
}
