import { z } from 'zod';
import { safeText } from '../../platform/http/index.js';
import { pageQuerySchema, pageSchema } from '../../platform/paging/index.js';
import { MAX_IMPERSONATION_MINUTES, type ImpersonationAction, type ImpersonationEvent } from '../impersonation/index.js';

/** A support access time box is at most an hour: asking for more is a 400, never clamped. */
export const startImpersonationBodySchema = z.strictObject({
  tenantId: z.uuid(),
  reason: safeText({ min: 1, max: 500, multiline: true }).describe('Why support needs in: shown to the tenant and kept in the audit log'),
  minutes: z.coerce.number().int().min(1).max(MAX_IMPERSONATION_MINUTES).describe(`The time box, at most ${MAX_IMPERSONATION_MINUTES} minutes`),
});

export const impersonationStatusSchema = z.enum(['requested', 'approved', 'denied', 'active', 'ended', 'expired']);

export const impersonationEventSchema = z.object({
  id: z.uuid(),
  tenantId: z.uuid(),
  tenantName: z.string(),
  actorId: z.uuid(),
  actorEmail: z.string(),
  reason: z.string(),
  minutes: z.number().int(),
  status: impersonationStatusSchema,
  requestedAt: z.iso.datetime(),
  requestExpiresAt: z.iso.datetime(),
  decidedAt: z.iso.datetime().nullable(),
  decidedByEmail: z.string().nullable(),
  approvalExpiresAt: z.iso.datetime().nullable(),
  startedAt: z.iso.datetime().nullable(),
  expiresAt: z.iso.datetime().nullable(),
  endedAt: z.iso.datetime().nullable(),
});

export const impersonationEventPageSchema = pageSchema(impersonationEventSchema);
export const eventListQuerySchema = pageQuerySchema();

export const impersonationActionSchema = z.object({
  id: z.string(),
  method: z.string(),
  route: z.string(),
  statusCode: z.number().int().nullable(),
  occurredAt: z.iso.datetime(),
});
export const impersonationActionPageSchema = pageSchema(impersonationActionSchema);

export const supportAccessSettingSchema = z.strictObject({ needsApproval: z.boolean() });
/** The setting as a client sends it: a JSON boolean, or the text a page's form field carries. */
export const supportAccessSettingBodySchema = z.strictObject({
  needsApproval: z.union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')]),
});

const iso = (date: Date | null) => (date === null ? null : date.toISOString());

export function eventView(event: ImpersonationEvent) {
  return {
    ...event,
    requestedAt: event.requestedAt.toISOString(),
    requestExpiresAt: event.requestExpiresAt.toISOString(),
    decidedAt: iso(event.decidedAt),
    approvalExpiresAt: iso(event.approvalExpiresAt),
    startedAt: iso(event.startedAt),
    expiresAt: iso(event.expiresAt),
    endedAt: iso(event.endedAt),
  };
}

export function actionView(action: ImpersonationAction) {
  return { ...action, occurredAt: action.occurredAt.toISOString() };
}
