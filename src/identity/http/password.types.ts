import { z } from 'zod';
import { emailSchema } from '../accounts/normalize-email.js';
import { passwordSchema } from '../passwords/password-policy.js';
import { safeSecret, safeText } from '../../platform/http/index.js';

export const emailBodySchema = z.strictObject({ email: emailSchema });

export const resetPasswordBodySchema = z.strictObject({
  token: safeText({ min: 16, max: 128, trim: false }),
  password: passwordSchema,
});

export const changePasswordBodySchema = z.strictObject({
  // Only bounded: the current password is checked against its hash, not the policy.
  currentPassword: safeSecret({ min: 1, max: 256 }),
  newPassword: passwordSchema,
});
