import type { Config } from '../../config/index.js';
import type { BlobStore } from './blob-store.js';
import { createLocalBlobStore } from './local-blob-store.js';
import { createS3BlobStore } from './s3-blob-store.js';

/** The store `BSNS_BLOB_STORE` chose; the config was validated at boot (an s3 store without a bucket never gets here). */
export function createBlobStoreFromConfig(config: Pick<Config, 'blobStore'>): BlobStore {
  const settings = config.blobStore;
  if (settings.kind === 'local') return createLocalBlobStore(settings.directory);
  const { endpoint, ...rest } = settings;
  return createS3BlobStore({ ...rest, ...(endpoint ? { endpoint } : {}) });
}
