import { z } from 'zod';
import { safeText } from '../../../platform/http/index.js';
import { pageQuerySchema, pageSchema } from '../../../platform/paging/index.js';
import { dateOfBirthSchema, einSchema, licenceSchema, ssnSchema, taxIdSchema } from './sensitive-fields.js';

const optionalText = (max: number) => safeText({ min: 0, max }).optional();
const email = z.email().max(254);
const phone = safeText({ min: 0, max: 40 })
  .regex(/^[+0-9 ().-]*$/, 'may contain digits, spaces and + ( ) . -');

const contactFields = {
  name: safeText({ min: 1, max: 200 }),
  email: email.optional(),
  phone: phone.optional(),
  address: optionalText(500),
  labelIds: z.array(z.uuid()).max(20).optional(),
};

export const createPersonBodySchema = z
  .object({
    ...contactFields,
    dateOfBirth: dateOfBirthSchema.optional(),
    ssn: ssnSchema.optional(),
    taxId: taxIdSchema.optional(),
    licenceNumber: licenceSchema.optional(),
    companyId: z.uuid().optional(),
  })
  .strict();
export type CreatePersonInput = z.infer<typeof createPersonBodySchema>;

export const createCompanyBodySchema = z
  .object({
    ...contactFields,
    ein: einSchema.optional(),
    taxId: taxIdSchema.optional(),
  })
  .strict();
export type CreateCompanyInput = z.infer<typeof createCompanyBodySchema>;

export const recordKindSchema = z.enum(['person', 'company']);
export type RecordKind = z.infer<typeof recordKindSchema>;

/** A sensitive field as every answer shows it: whether it is set, and at most its last 4 characters (`maskValue`). */
const maskedSchema = z.object({ masked: z.string(), available: z.boolean() }).nullable();

export const recordSummarySchema = z.object({
  id: z.uuid(),
  kind: recordKindSchema,
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  createdAt: z.iso.datetime(),
});
export type RecordSummary = z.infer<typeof recordSummarySchema>;

export const recordLabelSchema = z.object({ id: z.uuid(), name: z.string(), color: z.string() });
export type RecordLabel = z.infer<typeof recordLabelSchema>;
export const recordLinkSchema = z.object({ id: z.uuid(), kind: recordKindSchema, name: z.string(), role: z.string().nullable() });
export type RecordLink = z.infer<typeof recordLinkSchema>;

/** Page sizes of the lists a record embeds and of the endpoints that continue them. */
export const EMBEDDED_PAGE = { defaultLimit: 20, maxLimit: 100 } as const;
export const embeddedPageQuerySchema = pageQuerySchema(EMBEDDED_PAGE);

export const recordDetailSchema = recordSummarySchema.extend({
  address: z.string().nullable(),
  sensitive: z.object({
    dateOfBirth: maskedSchema,
    ssn: maskedSchema,
    licenceNumber: maskedSchema,
    ein: maskedSchema,
    taxId: maskedSchema,
  }),
  /** The first page of its tags and of its links; `GET /entries/{id}/labels` and `/links` go on. */
  labels: pageSchema(recordLabelSchema, EMBEDDED_PAGE),
  links: pageSchema(recordLinkSchema, EMBEDDED_PAGE),
});
export type RecordDetail = z.infer<typeof recordDetailSchema>;

export const recordIdParamsSchema = z.object({ id: z.uuid() });

export const RECORD_PAGE = { defaultLimit: 25, maxLimit: 100 } as const;

export const listRecordsQuerySchema = pageQuerySchema(RECORD_PAGE).extend({
  q: safeText({ min: 0, max: 100 }).optional(),
  sort: z.enum(['name', 'created']).default('name'),
  labelId: z.uuid().optional(),
});
export type ListRecordsQuery = z.infer<typeof listRecordsQuerySchema>;

export const recordPageSchema = pageSchema(recordSummarySchema, RECORD_PAGE);
export type RecordPage = z.infer<typeof recordPageSchema>;
/** Exact-match lookups find few records (one SSN is one person), still answered as a page. */
export const lookupQuerySchema = pageQuerySchema({ defaultLimit: 20, maxLimit: 100 });
export const noContentSchema = z.null();

export const lookupBodySchema = z.union([z.object({ ssn: ssnSchema }).strict(), z.object({ taxId: taxIdSchema }).strict()]);
export type LookupInput = z.infer<typeof lookupBodySchema>;

export const linkBodySchema = z.object({ companyId: z.uuid(), role: optionalText(100) }).strict();
export const tagBodySchema = z.object({ labelId: z.uuid() }).strict();
