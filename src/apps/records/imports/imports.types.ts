import { z } from 'zod';
import { safeText } from '../../../platform/http/index.js';
import { recordKindSchema } from '../customers/records.types.js';
import { IMPORT_FIELDS } from './import-fields.js';

/** How much an import's answers hold: the first invalid rows of a report, a preview's first rows. */
export const IMPORT_ANSWER_BOUNDS = { issues: 200, messagesPerIssue: 20, columns: 100, previewRows: 5 } as const;

/** `?kind=person&mode=all&columns=name,email,,ssn`: one target field per CSV column, empty to skip. */
export const importQuerySchema = z
  .object({
    kind: recordKindSchema,
    mode: z.enum(['all', 'valid']).default('all'),
    columns: safeText({ min: 0, max: 2000, trim: false })
      .transform((value) => value.split(','))
      .pipe(z.array(z.union([z.enum(IMPORT_FIELDS), z.literal('')])).max(IMPORT_ANSWER_BOUNDS.columns))
      .optional(),
  })
  .strict();
export type ImportQuery = z.infer<typeof importQuerySchema>;

export const importIssueSchema = z.object({ row: z.number().int(), messages: z.array(z.string()).max(IMPORT_ANSWER_BOUNDS.messagesPerIssue) });
export type ImportIssue = z.infer<typeof importIssueSchema>;

export const importResultSchema = z.object({
  id: z.uuid(),
  status: z.enum(['imported', 'rejected']),
  rowsRead: z.number().int(),
  rowsImported: z.number().int(),
  rowsRejected: z.number().int(),
  /** The first invalid rows; `rowsRejected` counts them all. */
  issues: z.array(importIssueSchema).max(IMPORT_ANSWER_BOUNDS.issues),
});
export type ImportResult = z.infer<typeof importResultSchema>;

export const previewBodySchema = z.object({ kind: recordKindSchema, sample: safeText({ min: 0, max: 65_536, multiline: true, trim: false }) }).strict();
export const previewSchema = z.object({
  headers: z.array(z.string()).max(IMPORT_ANSWER_BOUNDS.columns),
  columns: z.array(z.union([z.enum(IMPORT_FIELDS), z.literal('')])).max(IMPORT_ANSWER_BOUNDS.columns),
  rows: z.array(z.array(z.string()).max(IMPORT_ANSWER_BOUNDS.columns)).max(IMPORT_ANSWER_BOUNDS.previewRows),
});
export type ImportPreview = z.infer<typeof previewSchema>;

export const exportQuerySchema = z.object({ kind: recordKindSchema }).strict();
