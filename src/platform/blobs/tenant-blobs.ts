import type { TenantVault } from '../crypto/index.js';
import { AppError } from '../errors/index.js';
import { currentTenantTransaction } from '../tenancy/index.js';
import type { BlobStore } from './blob-store.js';

/** Safe path segments only: no `..`, no leading `/`, nothing a store could read as another place. */
const BLOB_KEY = /^[a-z0-9][a-z0-9_-]*(\/[a-z0-9][a-z0-9_.-]*)*$/i;

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
}

export function createTenantBlobs(store: BlobStore, vault: TenantVault): TenantBlobs {
  const place = (key: string) => {
    if (key.length > 300 || !BLOB_KEY.test(key) || key.split('/').some((part) => part === '.' || part === '..' || part.includes('..'))) throw new AppError('blob.invalid_key');
    const { tenantId } = currentTenantTransaction();
    return { path: `${tenantId}/${key}`, ref: { table: 'blobs', column: 'content', rowId: key } };
  };
  return {
    async put(key, bytes) {
      const { path, ref } = place(key);
      await store.write(path, await vault.sealBytes(bytes, ref));
      return { key, size: bytes.length };
    },
    async get(key) {
      const { path, ref } = place(key);
      const sealed = await store.read(path);
      if (!sealed) throw new AppError('blob.not_found');
      const opened = await vault.openBytes(sealed, ref);
      if (!opened) throw new AppError('blob.unavailable');
      return opened;
    },
    async delete(key) {
      await store.remove(place(key).path);
    },
    async deleteAll() {
      return store.removePrefix(`${currentTenantTransaction().tenantId}/`);
    },
  };
}
