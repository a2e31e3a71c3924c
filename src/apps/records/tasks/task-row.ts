import type { Task } from './tasks.types.js';

export interface TaskRow {
  id: string;
  record_id: string;
  record_name: string;
  title: string;
  assignee_id: string;
  due_on: string;
  done_at: Date | null;
  created_at: Date;
}

// due_on as text: a calendar date has no time zone to be shifted into.
export const TASK_COLUMNS = "t.id, t.record_id, r.name AS record_name, t.title, t.assignee_id, to_char(t.due_on, 'YYYY-MM-DD') AS due_on, t.done_at, t.created_at";

export function toTask(row: TaskRow): Task {
  return {
    id: row.id,
    recordId: row.record_id,
    recordName: row.record_name,
    title: row.title,
    assigneeId: row.assignee_id,
    dueOn: row.due_on,
    done: row.done_at !== null,
    createdAt: row.created_at.toISOString(),
  };
}
