import { AppError } from '../../../platform/errors/index.js';
import { currentTenantTransaction } from '../../../platform/tenancy/index.js';
import { addActivity } from '../activity/add-activity.js';
import { findRecordRow } from '../customers/get-record.js';
import { recordPagePath } from '../customers/record-paths.js';
import type { RecordsDeps } from '../records-deps.js';
import { enforceRecordsQuota } from '../records-quotas.js';
import { TASK_ASSIGNED_TOPIC, type TaskAssignedPayload } from './task-assigned.topic.js';
import { TASK_COLUMNS, toTask, type TaskRow } from './task-row.js';
import type { CreateTaskInput, Task } from './tasks.types.js';

/**
 * Creates a task on a record, assigned to a member of the tenant.
 * The assignment email and in-app notification go through the outbox, enqueued in this same
 * transaction: they fire once the task is committed, and exactly once (control 22).
 * Refused with `quota.exceeded` once the tenant holds `tenant.tasks` of them.
 */
export async function createTask({ members, outbox, quotas }: Pick<RecordsDeps, 'members' | 'outbox' | 'quotas'>, recordId: string, input: CreateTaskInput, actorId: string): Promise<Task> {
  const tx = currentTenantTransaction();
  const record = await findRecordRow(recordId);
  const roster = await members.listMembers(tx.tenantId);
  const assignee = roster.find((member) => member.userId === input.assigneeId);
  if (!assignee) throw new AppError('task.assignee_not_member');
  await enforceRecordsQuota(quotas, 'tenant.tasks');
  const { rows } = await tx.query<TaskRow>(
    `WITH t AS (
       INSERT INTO record_tasks (tenant_id, record_id, title, assignee_id, due_on, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *
     )
     SELECT ${TASK_COLUMNS} FROM t JOIN records r ON r.id = t.record_id`,
    [tx.tenantId, record.id, input.title, input.assigneeId, input.dueOn, actorId],
  );
  await addActivity(record.id, actorId, 'task_created', { title: input.title });
  const task = toTask(rows[0]!);
  const payload: TaskAssignedPayload = { taskId: task.id, title: input.title, assigneeUserId: assignee.userId, assigneeEmail: assignee.email, dueDate: input.dueOn, link: `${recordPagePath(record.kind, record.id)}#task-${task.id}` };
  await outbox.enqueue(tx, { topic: TASK_ASSIGNED_TOPIC, idempotencyKey: `${task.id}:${assignee.userId}`, payload });
  return task;
}
