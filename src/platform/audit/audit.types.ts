import { z } from 'zod';
import { safeText } from '../http/safe-text.js';

export const auditQuerySchema = z.strictObject({
  action: safeText({ min: 0, max: 100 }).optional(),
  actor: safeText({ min: 0, max: 200 }).optional(),
  tenant: z.uuid().optional(),
  before: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const auditEntrySchema = z.object({
  seq: z.number().int(),
  occurredAt: z.iso.datetime(),
  actor: z.object({ type: z.enum(['user', 'cli', 'service', 'anonymous']), id: z.string().nullable() }),
  permission: z.string().nullable(),
  action: z.string(),
  target: z.object({ type: z.string(), id: z.string() }).nullable(),
  tenantId: z.string().nullable(),
  metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  clientAddress: z.string().nullable(),
  hash: z.string(),
});

export const auditPageSchema = z.object({
  entries: z.array(auditEntrySchema).max(200), // one page: `limit` is at most 200
  /** Pass as `before` for the next (older) page; null on the last. */
  nextBefore: z.number().int().nullable(),
});
