import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeBlobStoreContract } from '../../../test/support/blob-store-contract.js';
import type { BlobStore } from './blob-store.js';
import { createLocalBlobStore } from './local-blob-store.js';

let parent: string;
let root: string;
let store: BlobStore;
beforeAll(async () => {
  parent = await mkdtemp(path.join(tmpdir(), 'bsns-local-blobs-'));
  root = path.join(parent, 'blobs');
  store = createLocalBlobStore(root);
});
afterAll(async () => {
  await rm(parent, { recursive: true, force: true });
});

describeBlobStoreContract('local', () => store);

describe('local blob store on disk', () => {
  it('creates its folders 0700 and its files 0600', async () => {
    await store.write('perm-tenant/pact/doc.pdf', Buffer.from('x'));
    for (const folder of [root, path.join(root, 'perm-tenant'), path.join(root, 'perm-tenant/pact')]) expect((await stat(folder)).mode & 0o777).toBe(0o700);
    expect((await stat(path.join(root, 'perm-tenant/pact/doc.pdf'))).mode & 0o777).toBe(0o600);
  });

  it('leaves no temporary file behind, and a reader never sees half a blob', async () => {
    const big = (fill: number) => Buffer.alloc(4 * 1024 * 1024, fill);
    const writes = [1, 2, 3, 4, 5, 6].map((fill) => store.write('race-tenant/doc.pdf', big(fill)));
    const reads: Array<Buffer | null> = [];
    for (let i = 0; i < 20; i++) reads.push(await store.read('race-tenant/doc.pdf'));
    await Promise.all(writes);
    for (const bytes of reads.filter((read) => read !== null)) {
      expect(bytes.length).toBe(4 * 1024 * 1024);
      expect(bytes.every((byte) => byte === bytes[0])).toBe(true);
    }
    expect(await readdir(path.join(root, '.incoming'))).toEqual([]);
  });

  it('keeps temporary files out of every tenant listing', async () => {
    const listed: string[] = [];
    for await (const file of store.list('race-tenant/')) listed.push(file);
    expect(listed).toEqual(['race-tenant/doc.pdf']);
  });
});
