import { z } from 'zod';

export const activitySchema = z.object({
  id: z.uuid(),
  actorId: z.string(),
  action: z.string(),
  detail: z.record(z.string(), z.string()),
  createdAt: z.iso.datetime(),
});
export type Activity = z.infer<typeof activitySchema>;
export const activityListSchema = z.object({ activity: z.array(activitySchema) });
