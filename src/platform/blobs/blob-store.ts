/**
 * Where sealed blobs are kept: bytes under a path, nothing more (sealing happens above it, in
 * `TenantBlobs`). Paths are `<tenantId>/<key>` with segments checked by `assertStorePath`.
 */
export interface BlobStore {
  /** Replaces whatever is at the path, atomically: a reader sees the old bytes or the new, never half. */
  write(path: string, bytes: Buffer): Promise<void>;
  /** The bytes, or null when nothing is stored there. */
  read(path: string): Promise<Buffer | null>;
  /** Removes the blob; nothing there is no error. */
  remove(path: string): Promise<void>;
  /** Removes every blob under a prefix (`<tenant>/`); answers how many. */
  removePrefix(prefix: string): Promise<number>;
  /** Every path under a prefix (`<tenant>/`), for a data-key rotation to re-seal them. */
  list(prefix: string): AsyncIterable<string>;
  /** Releases connections (S3's sockets); the local store holds none. */
  close(): void;
}
