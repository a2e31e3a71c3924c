import { z } from 'zod';
import { safeText } from '../customers/sensitive-fields.js';

export const noteBodySchema = z.object({ body: safeText(10_000).min(1) }).strict();
export const noteSchema = z.object({ id: z.uuid(), authorId: z.string(), body: z.string(), createdAt: z.iso.datetime() });
export type Note = z.infer<typeof noteSchema>;
export const noteListSchema = z.object({ notes: z.array(noteSchema) });
