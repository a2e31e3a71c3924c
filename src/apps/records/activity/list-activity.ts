import { currentTenantTransaction } from '../../../platform/tenancy/index.js';
import type { Activity } from './activity.types.js';

/** The newest events of a record's timeline. */
export async function listActivity(recordId: string, limit = 50): Promise<Activity[]> {
  const { rows } = await currentTenantTransaction().query<{ id: string; actor_id: string; action: string; detail: Record<string, string>; created_at: Date }>(
    'SELECT id, actor_id, action, detail, created_at FROM record_activity WHERE record_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2',
    [recordId, limit],
  );
  return rows.map((row) => ({ id: row.id, actorId: row.actor_id, action: row.action, detail: row.detail, createdAt: row.created_at.toISOString() }));
}
