import { z } from 'zod';
import { emailSchema } from '../accounts/normalize-email.js';
import { passwordSchema } from '../passwords/password-policy.js';

export const emailBodySchema = z.strictObject({ email: emailSchema });

export const resetPasswordBodySchema = z.strictObject({
  token: z.string().min(16).max(128),
  password: passwordSchema,
});

export const changePasswordBodySchema = z.strictObject({
  // Only bounded: the current password is checked against its hash, not the policy.
  currentPassword: z.string().min(1).max(256),
  newPassword: passwordSchema,
});
