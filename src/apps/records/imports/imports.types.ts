import { z } from 'zod';
import { safeText } from '../../../platform/http/index.js';
import { recordKindSchema } from '../customers/records.types.js';
import { IMPORT_FIELDS } from './import-fields.js';

/** `?kind=person&mode=all&columns=name,email,,ssn`: one target field per CSV column, empty to skip. */
export const importQuerySchema = z
  .object({
    kind: recordKindSchema,
    mode: z.enum(['all', 'valid']).default('all'),
    columns: safeText({ max: 2000, trim: false })
      .transform((value) => value.split(','))
      .pipe(z.array(z.union([z.enum(IMPORT_FIELDS), z.literal('')])).max(100))
      .optional(),
  })
  .strict();
export type ImportQuery = z.infer<typeof importQuerySchema>;

export const importIssueSchema = z.object({ row: z.number().int(), messages: z.array(z.string()) });
export type ImportIssue = z.infer<typeof importIssueSchema>;

export const importResultSchema = z.object({
  id: z.uuid(),
  status: z.enum(['imported', 'rejected']),
  rowsRead: z.number().int(),
  rowsImported: z.number().int(),
  rowsRejected: z.number().int(),
  issues: z.array(importIssueSchema),
});
export type ImportResult = z.infer<typeof importResultSchema>;

export const previewBodySchema = z.object({ kind: recordKindSchema, sample: safeText({ max: 65_536, multiline: true, trim: false }) }).strict();
export const previewSchema = z.object({
  headers: z.array(z.string()),
  columns: z.array(z.union([z.enum(IMPORT_FIELDS), z.literal('')])),
  rows: z.array(z.array(z.string())),
});
export type ImportPreview = z.infer<typeof previewSchema>;

export const exportQuerySchema = z.object({ kind: recordKindSchema }).strict();
