import { z } from 'zod';
import { emailSchema } from '../accounts/normalize-email.js';

export const emailChangeBodySchema = z.strictObject({ email: emailSchema });

export const emailChangeRequestedSchema = z.object({ status: z.literal('confirmation_sent') });

export const emailChangeConfirmedSchema = z.object({ email: z.string() });

export const pendingEmailChangeSchema = z.object({
  pending: z.object({ email: z.string(), expiresAt: z.iso.datetime() }).nullable(),
});
