import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { BlobStore } from './blob-store.js';
import { assertStorePath } from './store-path.js';

// Temporary files live beside the tenants' folders, never inside one: a dot name is no tenant id,
// so a half-written file is never listed, counted or read as a blob.
const TEMPORARY_DIR = '.incoming';

/**
 * Blobs as files under one directory (folders 0700, files 0600: only the suite's user reads them).
 * A write goes to a temporary file that is synced, renamed into place, and its folder synced, so a
 * crash leaves the old blob or the new one, never half of one, and a finished write survives power loss.
 */
export function createLocalBlobStore(directory: string): BlobStore {
  const root = path.resolve(directory);
  const resolve = (relative: string, kind: 'path' | 'prefix'): string => {
    assertStorePath(relative, kind);
    return path.join(root, ...relative.split('/').filter(Boolean));
  };
  return {
    async write(relative, bytes) {
      const full = resolve(relative, 'path');
      const incoming = path.join(root, TEMPORARY_DIR);
      await mkdir(incoming, { recursive: true, mode: 0o700 });
      await mkdir(path.dirname(full), { recursive: true, mode: 0o700 });
      const temporary = path.join(incoming, randomUUID());
      try {
        await writeSynced(temporary, bytes);
        await rename(temporary, full);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
      await syncDirectory(path.dirname(full));
    },
    async read(relative) {
      try {
        return await readFile(resolve(relative, 'path'));
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },
    async remove(relative) {
      await rm(resolve(relative, 'path'), { force: true });
    },
    async removePrefix(prefix) {
      const full = resolve(prefix, 'prefix');
      const files = await listFiles(full);
      await rm(full, { recursive: true, force: true });
      return files.length;
    },
    async *list(prefix) {
      const full = resolve(prefix, 'prefix');
      for (const file of await listFiles(full)) yield path.relative(root, file).split(path.sep).join('/');
    },
    close() {},
  };
}

async function writeSynced(file: string, bytes: Buffer): Promise<void> {
  const handle = await open(file, 'wx', 0o600);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The rename itself is durable only once the folder holding the new name is synced. */
async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function listFiles(directory: string): Promise<string[]> {
  try {
    const entries = await readdir(directory, { recursive: true, withFileTypes: true });
    return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}
