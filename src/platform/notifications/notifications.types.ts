import { z } from 'zod';
import { pageSchema } from '../paging/index.js';

export const notificationSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  read: z.boolean(),
  createdAt: z.iso.datetime(),
});
export type Notification = z.infer<typeof notificationSchema>;
export const notificationListSchema = pageSchema(notificationSchema).extend({ unread: z.number().int().describe('Unread notifications, on every page') });
export const notificationIdParamsSchema = z.object({ id: z.uuid() }).strict();
