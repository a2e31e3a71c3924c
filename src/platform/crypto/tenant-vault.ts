import { createHmac, hkdfSync } from 'node:crypto';
import { currentTenantTransaction } from '../tenancy/tenant-context.js';
import { decryptField, DecryptionError, encryptField } from './field-encryption.js';
import type { Keyring } from './keyring.js';

/** Where a tenant's sensitive value lives; bound into the ciphertext so it cannot be moved. */
export interface SensitiveFieldRef {
  readonly table: string;
  readonly column: string;
  readonly rowId: string;
}

/** An opened sensitive value, or the reason it cannot be read (e.g. the tenant's key was destroyed). */
export type OpenedField = { readonly status: 'ok'; readonly value: string } | { readonly status: 'unavailable'; readonly reason: string };

/**
 * Sealing and opening of tenant data, always for the tenant of the active `withTenant`
 * transaction (fail closed outside one). Apps call only this; the raw field functions and the
 * keys stay inside the crypto module.
 */
export interface TenantVault {
  seal(plaintext: string, ref: SensitiveFieldRef): Promise<string>;
  open(sealed: string, ref: SensitiveFieldRef): Promise<OpenedField>;
  /** A keyed HMAC of a normalised value per tenant and field: exact-match lookup without the plaintext. */
  blindIndex(value: string, field: Omit<SensitiveFieldRef, 'rowId'>): Promise<string>;
}

/**
 * The first vault: values sealed under the master keyring with tenant/table/column/row as AAD,
 * and blind-index keys derived per tenant and field from the active master key (HKDF).
 * Per-tenant data keys (envelope encryption, crypto-shredding) replace the internals behind
 * this same interface.
 */
export function createTenantVault(keyring: Keyring): TenantVault {
  return {
    async seal(plaintext, ref) {
      const { tenantId } = currentTenantTransaction();
      return encryptField(keyring, plaintext, { tenantId, ...ref });
    },
    async open(sealed, ref) {
      const { tenantId } = currentTenantTransaction();
      try {
        return { status: 'ok', value: decryptField(keyring, sealed, { tenantId, ...ref }) };
      } catch (error) {
        if (error instanceof DecryptionError) return { status: 'unavailable', reason: error.message };
        throw error;
      }
    },
    async blindIndex(value, field) {
      const { tenantId } = currentTenantTransaction();
      const key = Buffer.from(hkdfSync('sha256', keyring.active.key, Buffer.from(tenantId), `bsns blind index|${field.table}|${field.column}`, 32));
      return createHmac('sha256', key).update(value.normalize('NFKC')).digest('base64url');
    },
  };
}
