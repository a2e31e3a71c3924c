import { currentTenantTransaction } from '../../../platform/tenancy/index.js';

export type ActivityAction = 'created' | 'imported' | 'linked' | 'tagged' | 'note_added' | 'task_created' | 'task_completed' | 'field_revealed';

/**
 * Appends an event to a record's timeline, in the caller's transaction (it commits or rolls back
 * with the change it describes). `detail` names things (a field, a task title), never a sensitive value.
 */
export async function addActivity(recordId: string, actorId: string, action: ActivityAction, detail: Record<string, string> = {}): Promise<void> {
  const tx = currentTenantTransaction();
  await tx.query('INSERT INTO record_activity (tenant_id, record_id, actor_id, action, detail) VALUES ($1, $2, $3, $4, $5)', [
    tx.tenantId,
    recordId,
    actorId,
    action,
    JSON.stringify(detail),
  ]);
}
