import { AppError } from '../../../platform/errors/index.js';
import { readPage } from '../../../platform/paging/index.js';
import { currentTenantTransaction } from '../../../platform/tenancy/index.js';
import { addActivity } from '../activity/add-activity.js';
import { TASK_COLUMNS, toTask, type TaskRow } from './task-row.js';
import type { ListTasksQuery, Task, TaskPage } from './tasks.types.js';

/**
 * One page of tasks by due date (keyset on due date and id: the index (tenant_id, due_on, id), or
 * (tenant_id, record_id, due_on, id) for one record's), optionally only the caller's, open or done.
 */
export async function listTasks(query: ListTasksQuery, viewerId: string, recordId?: string): Promise<TaskPage> {
  const where: string[] = [];
  const values: unknown[] = [];
  if (recordId) {
    values.push(recordId);
    where.push(`t.record_id = $${values.length}`);
  }
  if (query.assignee === 'me') {
    values.push(viewerId);
    where.push(`t.assignee_id::text = $${values.length}`);
  }
  if (query.status !== 'all') where.push(query.status === 'open' ? 't.done_at IS NULL' : 't.done_at IS NOT NULL');
  const tx = currentTenantTransaction();
  return readPage({
    order: { keys: ['t.due_on', 't.id'] },
    page: query,
    firstParam: values.length + 1,
    fetch: async (keyset) =>
      (
        await tx.query<TaskRow>(
          `SELECT ${TASK_COLUMNS} FROM record_tasks t JOIN records r ON r.id = t.record_id
           WHERE ${[...where, keyset.where].join(' AND ')} ORDER BY ${keyset.orderBy} LIMIT ${keyset.limit}`,
          [...values, ...keyset.params],
        )
      ).rows,
    keyOf: (row) => [row.due_on, row.id],
    toItem: toTask,
  });
}

/**
 * Marks a task done and says so on its record's timeline, once: completing a done task again
 * (a repeat, or two at once, the second waiting on the first's row lock) answers it unchanged.
 */
export async function completeTask(taskId: string, actorId: string): Promise<Task> {
  const tx = currentTenantTransaction();
  const { rows } = await tx.query<TaskRow>(
    `WITH t AS (UPDATE record_tasks SET done_at = now() WHERE id = $1 AND done_at IS NULL RETURNING *)
     SELECT ${TASK_COLUMNS} FROM t JOIN records r ON r.id = t.record_id`,
    [taskId],
  );
  const completed = rows[0];
  if (completed) {
    await addActivity(completed.record_id, actorId, 'task_completed', { title: completed.title });
    return toTask(completed);
  }
  const done = await tx.query<TaskRow>(`SELECT ${TASK_COLUMNS} FROM record_tasks t JOIN records r ON r.id = t.record_id WHERE t.id = $1`, [taskId]);
  if (!done.rows[0]) throw new AppError('task.not_found');
  return toTask(done.rows[0]);
}
