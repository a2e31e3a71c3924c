import { randomBytes } from 'node:crypto';
import { decryptField, encryptField, needsReencryption, resealField } from './field-encryption.js';
import type { Keyring } from './keyring.js';

/**
 * Data keys are stored wrapped by the master key with the same AES-256-GCM sealing as fields,
 * the AAD binding the tenant and the key version: a wrapped key copied to another tenant or
 * version does not unwrap. The output names the master key (`v1.<masterKeyId>.<iv>.<body>`),
 * so a master-key rotation can rewrap without touching any row of tenant data.
 */
function wrapContext(tenantId: string, version: number) {
  return { tenantId, table: 'tenant_data_keys', column: 'wrapped_key', rowId: String(version) };
}

/** A new 256-bit data key from the CSPRNG, wrapped under the active master key. */
export function generateWrappedDataKey(keyring: Keyring, tenantId: string, version: number): string {
  return encryptField(keyring, randomBytes(32).toString('base64url'), wrapContext(tenantId, version));
}

export function unwrapDataKey(keyring: Keyring, wrapped: string, tenantId: string, version: number): Buffer {
  const key = Buffer.from(decryptField(keyring, wrapped, wrapContext(tenantId, version)), 'base64url');
  if (key.length !== 32) throw new Error('A data key must be 32 bytes');
  return key;
}

/** Whether a wrapped key still names a master key other than the active one. */
export function needsRewrap(keyring: Keyring, wrapped: string): boolean {
  return needsReencryption(keyring, wrapped);
}

/** Rewraps under the active master key; the data key never leaves this module. */
export function rewrapDataKey(keyring: Keyring, wrapped: string, tenantId: string, version: number): string {
  return resealField(keyring, wrapped, wrapContext(tenantId, version));
}
