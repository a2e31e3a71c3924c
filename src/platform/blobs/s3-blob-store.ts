import { DeleteObjectCommand, DeleteObjectsCommand, GetObjectCommand, NoSuchKey, paginateListObjectsV2, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { BlobStore } from './blob-store.js';
import { assertStorePath } from './store-path.js';

export interface S3BlobStoreOptions {
  /** An S3-compatible service (MinIO, Ceph, R2…); unset means AWS itself. */
  readonly endpoint?: string;
  readonly region: string;
  readonly bucket: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** `https://host/bucket/key` instead of `https://bucket.host/key`: most self-hosted servers want it. */
  readonly forcePathStyle?: boolean;
}

// DeleteObjects takes at most 1,000 keys a request.
const DELETE_BATCH = 1000;

/**
 * Blobs as objects of one bucket, the path as the object key. A PUT is atomic on S3 (an object is
 * replaced whole), so the atomic-write promise holds without a temporary object.
 */
export function createS3BlobStore(options: S3BlobStoreOptions): BlobStore {
  const client = new S3Client({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    forcePathStyle: options.forcePathStyle ?? false,
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
  });
  const Bucket = options.bucket;
  async function* list(prefix: string): AsyncIterable<string> {
    assertStorePath(prefix, 'prefix');
    for await (const page of paginateListObjectsV2({ client, pageSize: DELETE_BATCH }, { Bucket, Prefix: prefix })) {
      for (const object of page.Contents ?? []) if (object.Key) yield object.Key;
    }
  }
  return {
    async write(path, bytes) {
      assertStorePath(path, 'path');
      await client.send(new PutObjectCommand({ Bucket, Key: path, Body: bytes, ContentType: 'application/octet-stream' }));
    },
    async read(path) {
      assertStorePath(path, 'path');
      try {
        const object = await client.send(new GetObjectCommand({ Bucket, Key: path }));
        return object.Body ? Buffer.from(await object.Body.transformToByteArray()) : Buffer.alloc(0);
      } catch (error) {
        if (error instanceof NoSuchKey) return null;
        throw error;
      }
    },
    async remove(path) {
      assertStorePath(path, 'path');
      await client.send(new DeleteObjectCommand({ Bucket, Key: path }));
    },
    async removePrefix(prefix) {
      let removed = 0;
      let batch: string[] = [];
      const flush = async () => {
        const answer = await client.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }));
        // A partial failure answers 200 with the keys it kept: erasure must not report success then.
        if (answer.Errors?.length) throw new Error(`S3 kept ${answer.Errors.length} objects under ${prefix}: ${answer.Errors[0]!.Code ?? ''} ${answer.Errors[0]!.Message ?? ''}`);
        removed += batch.length;
        batch = [];
      };
      for await (const key of list(prefix)) {
        batch.push(key);
        if (batch.length === DELETE_BATCH) await flush();
      }
      if (batch.length > 0) await flush();
      return removed;
    },
    list,
    close() {
      client.destroy();
    },
  };
}
