import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { BlobStore } from './blob-store.js';

/**
 * Blobs as files under one directory (0700; files 0600). A write goes to a temporary file that
 * is synced and renamed into place, so a crash leaves the old blob or the new one, never half.
 * Paths come from `TenantBlobs`, which validates them; they are checked again to stay inside.
 */
export function createLocalBlobStore(directory: string): BlobStore {
  const root = path.resolve(directory);
  const inside = (relative: string): string => {
    const full = path.resolve(root, relative);
    if (!full.startsWith(`${root}${path.sep}`)) throw new Error(`Blob path ${relative} leaves the blob directory`);
    return full;
  };
  return {
    async write(relative, bytes) {
      const full = inside(relative);
      await mkdir(path.dirname(full), { recursive: true, mode: 0o700 });
      const temporary = `${full}.${randomUUID()}.tmp`;
      const handle = await open(temporary, 'wx', 0o600);
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, full);
    },
    async read(relative) {
      try {
        return await readFile(inside(relative));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    async remove(relative) {
      await rm(inside(relative), { force: true });
    },
    async removePrefix(prefix) {
      const full = inside(prefix);
      const exists = await stat(full).then(() => true, () => false);
      if (!exists) return 0;
      const files = (await readdir(full, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile()).length;
      await rm(full, { recursive: true, force: true });
      return files;
    },
  };
}
