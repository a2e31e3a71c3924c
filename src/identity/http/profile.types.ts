import { z } from 'zod';
import { emailSchema } from '../accounts/normalize-email.js';
import { safeText } from '../../platform/http/index.js';

/**
 * Strict on purpose: `emailVerified`, `email_verified_at` or any other field is a 400, not
 * silently ignored, so a client cannot believe it set something the server refuses.
 */
export const profileBodySchema = z.strictObject({
  displayName: safeText({ max: 200 }).nullable().optional(),
  email: emailSchema.optional(),
});

export const profileResponseSchema = z.object({
  /** `verification_sent` whenever a new address was asked for, whether or not it could be used. */
  status: z.enum(['updated', 'verification_sent']),
});
