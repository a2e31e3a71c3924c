import { z } from 'zod';
import { base64UrlText, safeText } from '../../../platform/http/index.js';

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

export const listTasksQuerySchema = z
  .object({
    assignee: z.enum(['me', 'anyone']).default('anyone'),
    status: z.enum(['open', 'done', 'all']).default('open'),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: base64UrlText({ max: 500 }).optional(),
  })
  .strict();
export type ListTasksQuery = z.infer<typeof listTasksQuerySchema>;

export const taskPageSchema = z.object({ tasks: z.array(taskSchema), nextCursor: z.string().nullable() });
export type TaskPage = z.infer<typeof taskPageSchema>;
export const taskIdParamsSchema = z.object({ id: z.uuid() });
export const memberListSchema = z.object({ members: z.array(z.object({ userId: z.string(), email: z.string() })) });
