import { z } from 'zod';
import { safeText } from '../../../platform/http/index.js';
import { pageSchema } from '../../../platform/paging/index.js';

export const noteBodySchema = z.object({ body: safeText({ min: 1, max: 10_000, multiline: true }) }).strict();
export const noteSchema = z.object({ id: z.uuid(), authorId: z.string(), body: z.string(), createdAt: z.iso.datetime() });
export type Note = z.infer<typeof noteSchema>;
export const notePageSchema = pageSchema(noteSchema);
