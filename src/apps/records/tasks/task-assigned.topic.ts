import { z } from 'zod';
import { notifyUser } from '../../../platform/notifications/index.js';
import type { OutboxTopics } from '../../../platform/outbox/index.js';

/** Fired when a task gets an assignee: an in-app notification and an email to them, and webhooks. */
export const TASK_ASSIGNED_TOPIC = 'records.task.assigned';

/** What the task use case puts in the event (it knows the assignee; the worker cannot reach identity). */
export const taskAssignedPayloadSchema = z.object({
  taskId: z.uuid(),
  title: z.string().min(1).max(300),
  assigneeUserId: z.uuid(),
  assigneeEmail: z.email(),
  dueDate: z.iso.date().nullable().optional(),
  /** Path of the task on its record's page, e.g. `/records/people/<record id>#task-<task id>` (`recordPagePath`). */
  link: z.string().startsWith('/').max(500).optional(),
});
export type TaskAssignedPayload = z.infer<typeof taskAssignedPayloadSchema>;

export function registerTaskAssignedTopic(topics: OutboxTopics, publicUrl: string): void {
  topics.declareWebhookTopic(TASK_ASSIGNED_TOPIC);
  topics.onTopic(TASK_ASSIGNED_TOPIC, async ({ tx, event, queueEmail }) => {
    const task = taskAssignedPayloadSchema.parse(event.payload);
    const due = task.dueDate ? ` (due ${task.dueDate})` : '';
    await notifyUser(tx, { userId: task.assigneeUserId, eventId: event.id, title: `New task: ${task.title}`, body: `You were assigned a task${due}.`, link: task.link });
    await queueEmail({
      to: task.assigneeEmail,
      subject: `New task: ${task.title}`,
      text: `You were assigned a task${due}:\n\n${task.title}\n\n${task.link ? `${publicUrl}${task.link}` : publicUrl}\n`,
    });
  });
}
