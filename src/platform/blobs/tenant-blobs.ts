import type { SensitiveFieldRef, TenantVault } from '../crypto/index.js';
import { AppError } from '../errors/index.js';
import { currentTenantTransaction } from '../tenancy/index.js';
import { assertBlobKey } from './blob-key.js';
import type { BlobStore } from './blob-store.js';

/**
 * The active tenant's files (uploaded PDFs, signatures), sealed with the tenant's data key and
 * bound to the tenant and key, so a blob copied to another tenant or name fails to open, and a
 * destroyed data key leaves only ciphertext. Every call runs inside `withTenant` (fail closed).
 */
export interface TenantBlobs {
  put(key: string, bytes: Buffer): Promise<{ key: string; size: number }>;
  /** The opened bytes: `blob.not_found` when absent, `blob.unavailable` when they cannot be opened. */
  get(key: string): Promise<Buffer>;
  delete(key: string): Promise<void>;
  /** Every blob of the active tenant (tenant erasure). */
  deleteAll(): Promise<number>;
  /**
   * Re-seals every blob of the active tenant under its active data key (called by a data-key
   * rotation before the old key is destroyed). A `put` of the same key while it runs may be
   * overwritten by the old bytes re-sealed: pact writes each key once, so it never overwrites.
   */
  resealAll(): Promise<{ resealed: number; unreadable: number }>;
}

/** The AAD names a table no SQL table has, so a blob can never pass for a sealed column value. */
function blobRef(key: string): SensitiveFieldRef {
  return { table: 'blobs', column: 'content', rowId: key };
}

export function createTenantBlobs(store: BlobStore, vault: TenantVault): TenantBlobs {
  const tenantPrefix = () => `${currentTenantTransaction().tenantId}/`;
  const place = (key: string) => {
    assertBlobKey(key);
    return `${tenantPrefix()}${key}`;
  };
  return {
    async put(key, bytes) {
      const path = place(key);
      await store.write(path, await vault.sealBytes(bytes, blobRef(key)));
      return { key, size: bytes.length };
    },
    async get(key) {
      const sealed = await store.read(place(key));
      if (!sealed) throw new AppError('blob.not_found');
      return vault.openBytes(sealed, blobRef(key));
    },
    async delete(key) {
      await store.remove(place(key));
    },
    async deleteAll() {
      return store.removePrefix(tenantPrefix());
    },
    async resealAll() {
      const prefix = tenantPrefix();
      let resealed = 0;
      let unreadable = 0;
      for await (const path of store.list(prefix)) {
        const key = path.slice(prefix.length);
        const sealed = await store.read(path);
        if (!sealed) continue; // deleted meanwhile
        try {
          const again = await vault.resealBytes(sealed, blobRef(key));
          if (!again) continue;
          await store.write(path, again);
          resealed++;
        } catch (error) {
          if (!(error instanceof AppError && error.code === 'blob.unavailable')) throw error;
          unreadable++;
        }
      }
      return { resealed, unreadable };
    },
  };
}
