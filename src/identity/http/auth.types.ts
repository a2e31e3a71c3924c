import { z } from 'zod';
import { emailSchema } from '../accounts/normalize-email.js';
import { passwordSchema } from '../passwords/password-policy.js';
import { safeSecret, safeText } from '../../platform/http/index.js';

export const mfaStateSchema = z.object({
  state: z.enum(['satisfied', 'required', 'enroll', 'grace']),
  graceEndsAt: z.iso.datetime(),
});

export const signUpBodySchema = z.strictObject({
  email: emailSchema,
  password: passwordSchema,
  tenantName: safeText({ min: 1, max: 200 }),
});

export const signInBodySchema = z.strictObject({
  email: safeText({ min: 1, max: 320 }),
  // Only bounded here: a policy check on sign-in would tell an attacker which passwords cannot exist.
  password: safeSecret({ min: 1, max: 256 }),
});

export const signInResponseSchema = z.object({ mfa: mfaStateSchema });

export const tokenBodySchema = z.strictObject({ token: safeText({ min: 16, max: 128, trim: false }) });

export const sessionResponseSchema = z.object({
  user: z.object({ id: z.uuid(), email: z.string(), emailVerified: z.boolean(), displayName: z.string().nullable() }),
  session: z.object({ id: z.uuid(), amr: z.array(z.string()).max(8), authenticatedAt: z.iso.datetime(), expiresAt: z.iso.datetime() }),
  tenant: z.object({ id: z.uuid(), name: z.string(), role: z.enum(['owner', 'admin', 'member']) }).nullable(),
  mfa: mfaStateSchema,
});

export const statusSchema = z.object({ status: z.string() });
