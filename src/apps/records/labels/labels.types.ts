import { z } from 'zod';
import { safeText } from '../../../platform/http/index.js';
import { pageQuerySchema, pageSchema } from '../../../platform/paging/index.js';

export const labelSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  color: z.string(),
  parentId: z.uuid().nullable(),
  createdAt: z.iso.datetime(),
});
export type Label = z.infer<typeof labelSchema>;

export const createLabelBodySchema = z
  .object({
    name: safeText({ min: 1, max: 100 }),
    color: safeText({ min: 0, max: 7, trim: false })
      .regex(/^#[0-9a-f]{6}$/, 'must be a lower-case hex colour such as #1d4ed8')
      .optional(),
    parentId: z.uuid().optional(),
  })
  .strict();
export type CreateLabelInput = z.infer<typeof createLabelBodySchema>;

export const labelListQuerySchema = pageQuerySchema();

export const labelListSchema = pageSchema(labelSchema);
