import { z } from 'zod';
import { safeText } from '../../platform/http/index.js';

/**
 * Strict on purpose: `email`, `emailVerified` or any other field is a 400, not silently ignored,
 * so a client cannot believe it set something the server refuses. The address changes through
 * `POST /api/v1/auth/email-change` only.
 */
export const profileBodySchema = z.strictObject({
  displayName: safeText({ min: 0, max: 200 }).nullable().optional(),
});

export const profileResponseSchema = z.object({ status: z.enum(['updated']) });
