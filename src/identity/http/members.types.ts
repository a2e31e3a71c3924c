import { z } from 'zod';
import { pageQuerySchema, pageSchema } from '../../platform/paging/index.js';
import { emailSchema } from '../accounts/normalize-email.js';
import { tenantRoleSchema } from './tenants.types.js';
import { safeText } from '../../platform/http/index.js';

export const memberSchema = z.object({ userId: z.uuid(), email: z.string(), displayName: z.string().nullable(), role: tenantRoleSchema, joinedAt: z.iso.datetime() });

export const pendingInvitationSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  role: tenantRoleSchema,
  expiresAt: z.iso.datetime(),
  invitedBy: z.string().nullable().describe("The inviter's email address; null if their account is gone"),
});

export const listQuerySchema = pageQuerySchema();

export const memberListSchema = pageSchema(memberSchema).extend({ viewerRole: tenantRoleSchema.describe("The caller's own role in the tenant, read now") });

export const invitationListSchema = pageSchema(pendingInvitationSchema);

export const inviteBodySchema = z.strictObject({ email: emailSchema, role: tenantRoleSchema });

export const invitationSchema = z.object({ id: z.uuid(), email: z.string(), role: tenantRoleSchema, expiresAt: z.iso.datetime() });

export const memberParamsSchema = z.object({ userId: z.uuid() });

export const invitationParamsSchema = z.object({ id: z.uuid() });

export const changeRoleBodySchema = z.strictObject({ role: tenantRoleSchema });

export const acceptInvitationBodySchema = z.strictObject({ token: safeText({ min: 16, max: 128, trim: false }) });
