import { z } from 'zod';
import { safeText } from '../../../platform/http/index.js';
import { pageQuerySchema, pageSchema } from '../../../platform/paging/index.js';

export const FIELD_KINDS = ['signature', 'initials', 'date', 'text', 'checkbox'] as const;
export const ENVELOPE_STATUSES = ['draft', 'sent', 'completed', 'declined', 'voided', 'expired'] as const;
export const SIGNER_STATUSES = ['pending', 'sent', 'viewed', 'signed', 'declined'] as const;

export const createEnvelopeBodySchema = z
  .object({
    title: safeText({ min: 1, max: 200 }),
    message: safeText({ min: 0, max: 2000, multiline: true }).default(''),
    signingOrder: z.enum(['sequential', 'parallel']).default('sequential'),
    /** Ask each signer for a one-time code sent to their address before the document opens. */
    requireCode: z.boolean().default(false),
    expiresInDays: z.number().int().min(1).max(365).default(30),
    remindEveryDays: z.number().int().min(1).max(30).nullable().default(null),
  })
  .strict();
export type CreateEnvelopeInput = z.infer<typeof createEnvelopeBodySchema>;

export const addSignerBodySchema = z
  .object({
    name: safeText({ min: 1, max: 200 }),
    email: z.email('must be an email address').max(254),
    /** Signing order, from 1. Signers sharing a number sign in parallel within a sequential envelope. */
    position: z.number().int().min(1).max(50).optional(),
  })
  .strict();
export type AddSignerInput = z.infer<typeof addSignerBodySchema>;

const fraction = z.number().min(0).max(1);
export const placedFieldSchema = z
  .object({
    documentId: z.uuid(),
    signerId: z.uuid(),
    kind: z.enum(FIELD_KINDS),
    label: safeText({ min: 0, max: 100 }).default(''),
    required: z.boolean().default(true),
    /** 0-based page index; geometry in fractions of the page, origin top-left. */
    page: z.number().int().min(0).max(9999),
    x: fraction,
    y: fraction,
    width: fraction.gt(0),
    height: fraction.gt(0),
  })
  .strict();
export type PlacedFieldInput = z.infer<typeof placedFieldSchema>;
export const putFieldsBodySchema = z.object({ fields: z.array(placedFieldSchema).max(500) }).strict();

export const voidBodySchema = z.object({ reason: safeText({ min: 1, max: 500 }) }).strict();
export const envelopeIdParamsSchema = z.object({ id: z.uuid() });
export const documentParamsSchema = z.object({ id: z.uuid(), documentId: z.uuid() });
export const signerParamsSchema = z.object({ id: z.uuid(), signerId: z.uuid() });
export const documentQuerySchema = z.strictObject({ name: safeText({ min: 1, max: 200 }) });

export const documentSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  position: z.number(),
  sha256: z.string(),
  sizeBytes: z.number(),
  pages: z.array(z.object({ width: z.number(), height: z.number() })).max(500),
});
export type PactDocument = z.infer<typeof documentSchema>;

export const signerSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string(),
  position: z.number(),
  status: z.enum(SIGNER_STATUSES),
  sentAt: z.iso.datetime().nullable(),
  viewedAt: z.iso.datetime().nullable(),
  signedAt: z.iso.datetime().nullable(),
  declinedAt: z.iso.datetime().nullable(),
  declineReason: z.string().nullable(),
});
export type PactSigner = z.infer<typeof signerSchema>;

export const fieldSchema = placedFieldSchema.extend({ id: z.uuid(), value: z.string().nullable(), filledAt: z.iso.datetime().nullable() });
export type PactField = z.infer<typeof fieldSchema>;

export const envelopeSummarySchema = z.object({
  id: z.uuid(),
  kind: z.enum(['envelope', 'template']),
  title: z.string(),
  status: z.enum(ENVELOPE_STATUSES),
  signingOrder: z.enum(['sequential', 'parallel']),
  createdAt: z.iso.datetime(),
  sentAt: z.iso.datetime().nullable(),
  completedAt: z.iso.datetime().nullable(),
});
export type EnvelopeSummary = z.infer<typeof envelopeSummarySchema>;

export const chainEntrySchema = z.object({ seq: z.number(), type: z.string(), hash: z.string(), at: z.iso.datetime() });

export const envelopeSchema = envelopeSummarySchema.extend({
  message: z.string(),
  requireCode: z.boolean(),
  expiresInDays: z.number(),
  remindEveryDays: z.number().nullable(),
  expiresAt: z.iso.datetime().nullable(),
  voidedAt: z.iso.datetime().nullable(),
  voidReason: z.string().nullable(),
  finalSha256: z.string().nullable(),
  documents: z.array(documentSchema).max(20),
  signers: z.array(signerSchema).max(50),
  fields: z.array(fieldSchema).max(500),
  /** Created, sent, one view and one signature per signer, and how it ended: bounded by the signers. */
  chain: z.array(chainEntrySchema).max(200),
});
export type Envelope = z.infer<typeof envelopeSchema>;

const ENVELOPE_PAGE = { maxLimit: 100 } as const;
export const listEnvelopesQuerySchema = pageQuerySchema(ENVELOPE_PAGE).extend({
  kind: z.enum(['envelope', 'template']).default('envelope'),
  status: z.enum([...ENVELOPE_STATUSES, 'all']).default('all'),
});
export type ListEnvelopesQuery = z.infer<typeof listEnvelopesQuerySchema>;
export const envelopePageSchema = pageSchema(envelopeSummarySchema, ENVELOPE_PAGE);
export type EnvelopePage = z.infer<typeof envelopePageSchema>;
