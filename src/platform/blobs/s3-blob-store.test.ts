/**
 * The S3 adapter against a real S3 API: s3rver, installed from npm and started in this process.
 * The same contract as the local store, then what only S3 has: batched deletes, signatures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeBlobStoreContract } from '../../../test/support/blob-store-contract.js';
import { startS3TestServer, type S3TestServer } from '../../../test/support/s3-test-server.js';
import type { BlobStore } from './blob-store.js';
import { createS3BlobStore } from './s3-blob-store.js';

let server: S3TestServer;
let store: BlobStore;
beforeAll(async () => {
  server = await startS3TestServer();
  store = createS3BlobStore(server.options);
});
afterAll(async () => {
  store.close();
  await server.close();
});

describeBlobStoreContract('s3', () => store);

describe('s3 blob store', () => {
  it('removes a prefix of more than one DeleteObjects batch (1,000 keys)', async () => {
    const keys = Array.from({ length: 1003 }, (_, i) => `bulk-tenant/k${String(i).padStart(4, '0')}`);
    for (let i = 0; i < keys.length; i += 50) await Promise.all(keys.slice(i, i + 50).map((key) => store.write(key, Buffer.from(key))));
    await store.write('bulk-tenant-other/k0000', Buffer.from('kept'));
    expect(await store.removePrefix('bulk-tenant/')).toBe(1003);
    const left: string[] = [];
    for await (const key of store.list('bulk-tenant/')) left.push(key);
    expect(left).toEqual([]);
    expect(await store.read('bulk-tenant-other/k0000')).toEqual(Buffer.from('kept'));
  }, 60_000);

  // s3rver checks the access key id but not V4 signatures, so a wrong key id is what it refuses.
  it('is refused with credentials the server does not know', async () => {
    const stranger = createS3BlobStore({ ...server.options, accessKeyId: 'NOT-A-KNOWN-KEY' });
    try {
      await expect(stranger.write('any-tenant/doc.pdf', Buffer.from('x'))).rejects.toMatchObject({ name: 'InvalidAccessKeyId' });
      await expect(stranger.read('any-tenant/doc.pdf')).rejects.toMatchObject({ name: 'InvalidAccessKeyId' });
    } finally {
      stranger.close();
    }
  });

  it('answers a missing bucket as an error, never as an empty blob', async () => {
    const lost = createS3BlobStore({ ...server.options, bucket: 'no-such-bucket' });
    try {
      await expect(lost.read('any-tenant/doc.pdf')).rejects.toMatchObject({ name: 'NoSuchBucket' });
    } finally {
      lost.close();
    }
  });
});
