export type { BlobStore } from './blob-store.js';
export { createLocalBlobStore } from './local-blob-store.js';
export { createTenantBlobs } from './tenant-blobs.js';
export type { TenantBlobs } from './tenant-blobs.js';
