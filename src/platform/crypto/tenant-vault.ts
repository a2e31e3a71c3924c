import { createHmac, hkdfSync } from 'node:crypto';
import type { Clock } from '../clock.js';
import { AppError } from '../errors/index.js';
import { currentTenantTransaction } from '../tenancy/tenant-context.js';
import { decryptBytes, decryptField, DecryptionError, encryptBytes, encryptField, sealedBytesKeyId, type FieldContext } from './field-encryption.js';
import type { Keyring } from './keyring.js';
import { TenantDataKeys, type DataKeyCacheOptions, type TenantKeySet } from './tenant-data-keys.js';

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
  /** Bytes (a stored file) sealed the same way, bound to where they are kept. */
  sealBytes(plaintext: Buffer, ref: SensitiveFieldRef): Promise<Buffer>;
  /** The opened bytes; AppError `blob.unavailable` when they cannot be (the tenant's key was destroyed, or they were moved or changed). */
  openBytes(sealed: Buffer, ref: SensitiveFieldRef): Promise<Buffer>;
  /** The bytes sealed again under the tenant's active data key (a rotation), or null when they already are. */
  resealBytes(sealed: Buffer, ref: SensitiveFieldRef): Promise<Buffer | null>;
  /** A keyed HMAC of a normalised value per tenant and field: exact-match lookup without the plaintext. */
  blindIndex(value: string, field: Omit<SensitiveFieldRef, 'rowId'>): Promise<string>;
  /** Creates the tenant's data key if it has none yet (called when a tenant is mirrored). */
  ensureDataKey(): Promise<void>;
}

export interface TenantVaultOptions {
  readonly clock: Clock;
  readonly cache?: DataKeyCacheOptions;
}

/**
 * Envelope encryption: each tenant's values are sealed under its own data key (`v1.dk<version>.…`,
 * the same AES-256-GCM format and tenant/table/column/row AAD as every sealed field), and the data
 * key is stored only wrapped by the master key. Destroying the key rows shreds the tenant.
 * Blind-index keys are derived per field (HKDF) from the tenant's own index key, which data-key
 * rotations leave alone so stored indexes keep matching.
 */
export function createTenantVault(keyring: Keyring, options: TenantVaultOptions): TenantVault & { readonly dataKeys: TenantDataKeys } {
  const dataKeys = new TenantDataKeys(keyring, options.clock, options.cache);
  return {
    dataKeys,
    async seal(plaintext, ref) {
      const tx = currentTenantTransaction();
      const { keys, active } = await dataKeys.active(tx);
      return encryptField({ active, byId: keys.byId }, plaintext, { tenantId: tx.tenantId, ...ref });
    },
    async open(sealed, ref) {
      const tx = currentTenantTransaction();
      try {
        const keys = await dataKeys.load(tx);
        if (keys.destroyed) return { status: 'unavailable', reason: "This tenant's data key was destroyed" };
        const [first] = keys.byId.values();
        if (!first) return { status: 'unavailable', reason: 'This tenant has no data key' };
        return { status: 'ok', value: decryptField({ active: keys.active ?? first, byId: keys.byId }, sealed, { tenantId: tx.tenantId, ...ref }) };
      } catch (error) {
        if (error instanceof DecryptionError) return { status: 'unavailable', reason: error.message };
        throw error;
      }
    },
    async sealBytes(plaintext, ref) {
      const tx = currentTenantTransaction();
      const { keys, active } = await dataKeys.active(tx);
      return encryptBytes({ active, byId: keys.byId }, plaintext, { tenantId: tx.tenantId, ...ref });
    },
    async openBytes(sealed, ref) {
      const tx = currentTenantTransaction();
      return openSealedBytes(await dataKeys.load(tx), sealed, { tenantId: tx.tenantId, ...ref });
    },
    async resealBytes(sealed, ref) {
      const tx = currentTenantTransaction();
      const { keys, active } = await dataKeys.active(tx);
      if (sealedBytesKeyId(sealed) === active.id) return null;
      const context = { tenantId: tx.tenantId, ...ref };
      return encryptBytes({ active, byId: keys.byId }, openSealedBytes(keys, sealed, context), context);
    },
    async blindIndex(value, field) {
      const tx = currentTenantTransaction();
      const { keys } = await dataKeys.active(tx);
      if (!keys.index) throw new AppError('vault.data_key_destroyed');
      const key = Buffer.from(hkdfSync('sha256', keys.index.key, Buffer.from(tx.tenantId), `bsns blind index|${field.table}|${field.column}`, 32));
      return createHmac('sha256', key).update(value.normalize('NFKC')).digest('base64url');
    },
    async ensureDataKey() {
      await dataKeys.active(currentTenantTransaction());
    },
  };
}

/**
 * Opens with any of the tenant's live keys, so bytes sealed before a rotation still open until the
 * rotation re-seals them. Every failure is one error: a caller learns nothing about which check failed.
 */
function openSealedBytes(keys: TenantKeySet, sealed: Buffer, context: FieldContext): Buffer {
  const [first] = keys.byId.values();
  if (keys.destroyed || !first) throw new AppError('blob.unavailable');
  try {
    return decryptBytes({ active: keys.active ?? first, byId: keys.byId }, sealed, context);
  } catch (error) {
    if (error instanceof DecryptionError) throw new AppError('blob.unavailable');
    throw error;
  }
}
