import { z } from 'zod';
import { pageSchema } from '../../../platform/paging/index.js';

export const activitySchema = z.object({
  id: z.uuid(),
  actorId: z.string(),
  action: z.string(),
  detail: z.record(z.string(), z.string()),
  createdAt: z.iso.datetime(),
});
export type Activity = z.infer<typeof activitySchema>;
export const activityPageSchema = pageSchema(activitySchema);
