import { z } from 'zod';
import { MAX_LISTED_PASSKEYS } from '../mfa/passkeys/list-passkeys.js';
import type { PasskeySummary } from '../mfa/index.js';
import { base64UrlText, safeText } from '../../platform/http/index.js';
import { mfaStateSchema } from './auth.types.js';

export const totpEnrollmentSchema = z.object({
  factorId: z.uuid(),
  otpauthUri: z.string(),
  secret: z.string(),
  qrSvg: z.string(),
});

export const totpConfirmBodySchema = z.strictObject({
  code: safeText({ min: 0, max: 6 }).regex(/^\d{6}$/, 'must be the 6-digit code from your authenticator app'),
  factorId: z.uuid().optional(),
});

// Bounded arrays (maxItems) are what check:list-paging accepts besides pages: a set of 10 codes, a capped passkey list.
export const recoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()).max(20) });

export const mfaVerifyBodySchema = z.strictObject({
  // A 6-digit TOTP code, or a recovery code (xxxx-xxxx-xxxx-xxxx, spaces and case ignored).
  code: safeText({ min: 6, max: 40 }),
});

const passkeySummarySchema = z.object({ id: z.uuid(), name: z.string(), createdAt: z.iso.datetime(), lastUsedAt: z.iso.datetime().nullable() });

export const passkeyListSchema = z.object({ passkeys: z.array(passkeySummarySchema).max(MAX_LISTED_PASSKEYS) });

/** A passkey as the passkey list and the factor list answer it. */
export function passkeyView(passkey: PasskeySummary): z.output<typeof passkeySummarySchema> {
  return { id: passkey.id, name: passkey.name, createdAt: passkey.createdAt.toISOString(), lastUsedAt: passkey.lastUsedAt?.toISOString() ?? null };
}

export const factorsSchema = z.object({
  totp: z.object({ id: z.uuid(), confirmedAt: z.iso.datetime() }).nullable(),
  passkeys: z.array(passkeySummarySchema).max(MAX_LISTED_PASSKEYS),
  recoveryCodesRemaining: z.number().int(),
});

export const idParamsSchema = z.object({ id: z.uuid() });

// WebAuthn JSON as produced by @simplewebauthn/browser; verified in depth by @simplewebauthn/server.
export const webauthnResponseSchema = z.looseObject({
  id: base64UrlText({ max: 1400 }),
  rawId: base64UrlText({ max: 1400 }),
  type: z.literal('public-key'),
  response: z.looseObject({ clientDataJSON: base64UrlText({ max: 10_000 }) }),
});

export const passkeyRegistrationVerifyBodySchema = z.strictObject({
  response: webauthnResponseSchema,
  name: safeText({ min: 1, max: 100 }).optional(),
});

export const passkeyAuthenticationVerifyBodySchema = z.strictObject({ response: webauthnResponseSchema });

export const webauthnOptionsSchema = z.looseObject({ challenge: z.string() });

/** A registered passkey: the session's MFA state, and recovery codes when it is the first factor. */
export const passkeyRegisteredSchema = z.object({
  mfa: mfaStateSchema,
  recoveryCodes: z.array(z.string()).max(20).optional(),
});
