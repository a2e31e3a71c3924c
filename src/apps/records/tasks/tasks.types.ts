import { z } from 'zod';
import { safeText } from '../../../platform/http/index.js';
import { pageQuerySchema, pageSchema } from '../../../platform/paging/index.js';

export const createTaskBodySchema = z
  .object({
    title: safeText({ min: 1, max: 200 }),
    assigneeId: z.uuid(),
    dueOn: z.iso.date('must be a date, as 2027-01-31'),
  })
  .strict();
export type CreateTaskInput = z.infer<typeof createTaskBodySchema>;

export const taskSchema = z.object({
  id: z.uuid(),
  recordId: z.uuid(),
  recordName: z.string(),
  title: z.string(),
  assigneeId: z.uuid(),
  dueOn: z.string(),
  done: z.boolean(),
  createdAt: z.iso.datetime(),
});
export type Task = z.infer<typeof taskSchema>;

const TASK_PAGE = { maxLimit: 100 } as const;

export const listTasksQuerySchema = pageQuerySchema(TASK_PAGE).extend({
  assignee: z.enum(['me', 'anyone']).default('anyone'),
  status: z.enum(['open', 'done', 'all']).default('open'),
});
export type ListTasksQuery = z.infer<typeof listTasksQuerySchema>;

export const taskPageSchema = pageSchema(taskSchema, TASK_PAGE);
export type TaskPage = z.infer<typeof taskPageSchema>;
export const taskIdParamsSchema = z.object({ id: z.uuid() });

export const memberSchema = z.object({ userId: z.string(), email: z.string() });
export const memberPageSchema = pageSchema(memberSchema);
