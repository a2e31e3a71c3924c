/** Where sealed blobs are kept: bytes under a path, nothing more (sealing happens above it). */
export interface BlobStore {
  write(path: string, bytes: Buffer): Promise<void>;
  /** The bytes, or null when nothing is stored there. */
  read(path: string): Promise<Buffer | null>;
  remove(path: string): Promise<void>;
  /** Removes every blob under a prefix (`<tenant>/`); answers how many. */
  removePrefix(prefix: string): Promise<number>;
}
