export { createBlobStoreFromConfig } from './blob-store-from-config.js';
export type { BlobStore } from './blob-store.js';
export { createLocalBlobStore } from './local-blob-store.js';
export { createS3BlobStore } from './s3-blob-store.js';
export type { S3BlobStoreOptions } from './s3-blob-store.js';
export { createTenantBlobs } from './tenant-blobs.js';
export type { TenantBlobs } from './tenant-blobs.js';
