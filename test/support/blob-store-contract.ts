import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { BlobStore } from '../../src/platform/blobs/index.js';

/** One behaviour for every store: the same suite runs against the local directory and S3. */
export function describeBlobStoreContract(name: string, store: () => BlobStore): void {
  describe(`${name} blob store`, () => {
    const tenant = () => randomUUID();

    it('writes, reads back, replaces and removes', async () => {
      const path = `${tenant()}/pact/doc.pdf`;
      expect(await store().read(path)).toBeNull();
      await store().write(path, Buffer.from('first'));
      expect(await store().read(path)).toEqual(Buffer.from('first'));
      await store().write(path, Buffer.from('second, longer'));
      expect(await store().read(path)).toEqual(Buffer.from('second, longer'));
      await store().remove(path);
      expect(await store().read(path)).toBeNull();
      await store().remove(path); // nothing there is no error
    });

    it('keeps empty and binary blobs exactly', async () => {
      const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
      const [empty, binary] = [`${tenant()}/e`, `${tenant()}/b`];
      await store().write(empty, Buffer.alloc(0));
      await store().write(binary, bytes);
      expect(await store().read(empty)).toEqual(Buffer.alloc(0));
      expect(await store().read(binary)).toEqual(bytes);
    });

    it('lists and removes a prefix, and nothing beside it', async () => {
      const [mine, neighbour] = [tenant(), tenant()];
      // A neighbour whose id starts with mine: the prefix is a folder, not a string start.
      const lookalike = `${mine}x`;
      for (const path of [`${mine}/a`, `${mine}/b/c.pdf`, `${neighbour}/a`, `${lookalike}/a`]) await store().write(path, Buffer.from(path));
      const listed: string[] = [];
      for await (const path of store().list(`${mine}/`)) listed.push(path);
      expect(listed.sort()).toEqual([`${mine}/a`, `${mine}/b/c.pdf`]);
      expect(await store().removePrefix(`${mine}/`)).toBe(2);
      expect(await store().read(`${mine}/b/c.pdf`)).toBeNull();
      expect(await store().read(`${neighbour}/a`)).toEqual(Buffer.from(`${neighbour}/a`));
      expect(await store().read(`${lookalike}/a`)).toEqual(Buffer.from(`${lookalike}/a`));
      expect(await store().removePrefix(`${mine}/`)).toBe(0);
    });

    it.each(['../escape', 'a/../../escape', '/etc/passwd', 'a//b', 'a/./b', 'a\\..\\b', 'a\0b', '', '.incoming/x', 'a/.hidden'])('refuses the path %j', async (path) => {
      await expect(store().write(path, Buffer.from('x'))).rejects.toThrow(/Refused blob store path/);
      await expect(store().read(path)).rejects.toThrow(/Refused blob store path/);
      await expect(store().remove(path)).rejects.toThrow(/Refused blob store path/);
    });

    it.each(['../', '/', '', 'a/../'])('refuses the prefix %j', async (prefix) => {
      await expect(store().removePrefix(prefix)).rejects.toThrow(/Refused blob store prefix/);
    });
  });
}
