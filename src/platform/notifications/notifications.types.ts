import { z } from 'zod';

export const notificationSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  read: z.boolean(),
  createdAt: z.iso.datetime(),
});
export type Notification = z.infer<typeof notificationSchema>;
export const notificationListSchema = z.object({
  notifications: z.array(notificationSchema).max(50), // the newest 50, as the query reads them
  unread: z.number().int(),
});
export const notificationIdParamsSchema = z.object({ id: z.uuid() }).strict();
