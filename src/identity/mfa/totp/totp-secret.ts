import { Secret, TOTP } from 'otpauth';
import { decryptField, encryptField, type FieldContext, type Keyring } from '../../../platform/crypto/index.js';

/** RFC 6238 defaults: every authenticator app understands SHA-1, 6 digits, 30 seconds. */
const PERIOD_SECONDS = 30;
const DIGITS = 6;
/** One step either side forgives a phone clock that is up to ~30 s off. */
const WINDOW_STEPS = 1;
/** 160 bits, the shared-secret length RFC 4226 recommends. */
const SECRET_BYTES = 20;

function secretContext(factorId: string): FieldContext {
  return { tenantId: null, table: 'totp_factors', column: 'secret_encrypted', rowId: factorId };
}

export function newTotpSecretBase32(): string {
  return new Secret({ size: SECRET_BYTES }).base32;
}

export function sealTotpSecret(keyring: Keyring, secretBase32: string, factorId: string): string {
  return encryptField(keyring, secretBase32, secretContext(factorId));
}

export function openTotpSecret(keyring: Keyring, sealed: string, factorId: string): string {
  return decryptField(keyring, sealed, secretContext(factorId));
}

export function totpUri(secretBase32: string, issuer: string, accountName: string): string {
  return new TOTP({ issuer, label: accountName, secret: Secret.fromBase32(secretBase32), digits: DIGITS, period: PERIOD_SECONDS }).toString();
}

/**
 * The time step a code belongs to, if it is valid at `now` within ±1 step; otherwise null.
 * Callers accept the step only if it is newer than the factor's last accepted step.
 */
export function matchTotpStep(secretBase32: string, code: string, now: Date): number | null {
  const token = code.replace(/[\s-]/g, '');
  if (!/^\d+$/.test(token) || token.length !== DIGITS) return null;
  const timestamp = now.getTime();
  const delta = TOTP.validate({ token, secret: Secret.fromBase32(secretBase32), digits: DIGITS, period: PERIOD_SECONDS, timestamp, window: WINDOW_STEPS });
  if (delta === null) return null;
  return TOTP.counter({ period: PERIOD_SECONDS, timestamp }) + delta;
}
