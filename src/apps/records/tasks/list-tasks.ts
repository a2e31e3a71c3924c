import { AppError } from '../../../platform/errors/index.js';
import { currentTenantTransaction } from '../../../platform/tenancy/index.js';
import { addActivity } from '../activity/add-activity.js';
import { decodeCursor, encodeCursor } from '../customers/keyset-cursor.js';
import { TASK_COLUMNS, toTask, type TaskRow } from './task-row.js';
import type { ListTasksQuery, Task, TaskPage } from './tasks.types.js';

/** Tasks by due date (keyset on due date and id), optionally only the caller's, open or done. */
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
  if (query.cursor) {
    const after = decodeCursor(query.cursor);
    values.push(after.key, after.id);
    where.push(`(to_char(t.due_on, 'YYYY-MM-DD'), t.id) > ($${values.length - 1}, $${values.length}::uuid)`);
  }
  values.push(query.limit + 1);
  const { rows } = await currentTenantTransaction().query<TaskRow>(
    `SELECT ${TASK_COLUMNS} FROM record_tasks t JOIN records r ON r.id = t.record_id
     ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY t.due_on, t.id LIMIT $${values.length}`,
    values,
  );
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return { tasks: page.map(toTask), nextCursor: rows.length > query.limit && last ? encodeCursor({ key: last.due_on, id: last.id }) : null };
}

/** Marks a task done and says so on its record's timeline. */
export async function completeTask(taskId: string, actorId: string): Promise<Task> {
  const tx = currentTenantTransaction();
  const { rows } = await tx.query<TaskRow>(
    `WITH t AS (UPDATE record_tasks SET done_at = coalesce(done_at, now()) WHERE id = $1 RETURNING *)
     SELECT ${TASK_COLUMNS} FROM t JOIN records r ON r.id = t.record_id`,
    [taskId],
  );
  const row = rows[0];
  if (!row) throw new AppError('task.not_found');
  await addActivity(row.record_id, actorId, 'task_completed', { title: row.title });
  return toTask(row);
}
