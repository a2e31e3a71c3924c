import { z } from 'zod';
import { createCompanyBodySchema, createPersonBodySchema, recordKindSchema } from '../customers/records.types.js';

/** The record fields a CSV column can be mapped to. */
export const IMPORT_FIELDS = ['name', 'email', 'phone', 'address', 'dateOfBirth', 'ssn', 'licenceNumber', 'taxId', 'ein'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Header spellings recognised without a mapping (lower-case, letters and digits only). */
const HEADER_ALIASES: Readonly<Record<string, ImportField>> = {
  name: 'name',
  fullname: 'name',
  company: 'name',
  email: 'email',
  emailaddress: 'email',
  phone: 'phone',
  telephone: 'phone',
  address: 'address',
  dateofbirth: 'dateOfBirth',
  dob: 'dateOfBirth',
  birthdate: 'dateOfBirth',
  ssn: 'ssn',
  socialsecuritynumber: 'ssn',
  licencenumber: 'licenceNumber',
  licensenumber: 'licenceNumber',
  driverslicence: 'licenceNumber',
  driverslicense: 'licenceNumber',
  taxid: 'taxId',
  ein: 'ein',
};

/** The field a header most likely means, or null to skip the column. */
export function guessField(header: string): ImportField | null {
  return HEADER_ALIASES[header.toLowerCase().replace(/[^a-z0-9]/g, '')] ?? null;
}

/** `?kind=person&mode=all&columns=name,email,,ssn`: one target field per CSV column, empty to skip. */
export const importQuerySchema = z
  .object({
    kind: recordKindSchema,
    mode: z.enum(['all', 'valid']).default('all'),
    columns: z
      .string()
      .max(2000)
      .transform((value) => value.split(','))
      .pipe(z.array(z.union([z.enum(IMPORT_FIELDS), z.literal('')])).max(100))
      .optional(),
  })
  .strict();
export type ImportQuery = z.infer<typeof importQuerySchema>;

export const rowSchemas = { person: createPersonBodySchema, company: createCompanyBodySchema } as const;

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

export const previewBodySchema = z.object({ kind: recordKindSchema, sample: z.string().max(65_536) }).strict();
export const previewSchema = z.object({
  headers: z.array(z.string()),
  columns: z.array(z.union([z.enum(IMPORT_FIELDS), z.literal('')])),
  rows: z.array(z.array(z.string())),
});
export type ImportPreview = z.infer<typeof previewSchema>;
