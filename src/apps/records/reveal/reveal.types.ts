import { z } from 'zod';
import { SENSITIVE_FIELDS } from '../customers/sensitive-fields.js';

export const revealBodySchema = z.object({ field: z.enum(SENSITIVE_FIELDS) }).strict();
export const revealedSchema = z.object({ field: z.enum(SENSITIVE_FIELDS), value: z.string() });
