/**
 * Stored files are the tenant's: sealed with its data key, bound to its id and the file's name.
 * An attacker with the blob directory or the bucket reads only ciphertext; a blob copied into
 * another tenant's folder, or renamed inside the owner's, does not open; a changed byte does not
 * open; once the tenant's data key is destroyed nothing opens; names that would climb out of the
 * tenant's folder are refused; and one tenant's erasure leaves every other tenant's files alone.
 * Each attack runs against the local directory and against a real S3 server.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3TestServer, type S3TestServer } from '../../../test/support/s3-test-server.js';
import { createTestTenant, openTestPlatform, TEST_BLOB_DIR } from '../../../test/support/test-platform.js';
import type { Platform } from '../open-platform.js';
import type { BlobStore } from './blob-store.js';
import { createLocalBlobStore } from './local-blob-store.js';
import { createS3BlobStore } from './s3-blob-store.js';
import { createTenantBlobs, type TenantBlobs } from './tenant-blobs.js';

let platform: Platform;
let s3: S3TestServer;
const backends: Record<'local' | 's3', { raw: BlobStore; blobs: TenantBlobs }> = {} as never;
beforeAll(async () => {
  platform = await openTestPlatform();
  s3 = await startS3TestServer();
  // Local: the platform's own wiring (BSNS_BLOB_DIR of the test env), attacked through the directory.
  backends.local = { raw: createLocalBlobStore(TEST_BLOB_DIR), blobs: platform.blobs };
  const bucket = createS3BlobStore(s3.options);
  backends.s3 = { raw: bucket, blobs: createTenantBlobs(bucket, platform.tenantVault) };
});
afterAll(async () => {
  backends.s3?.raw.close();
  await s3?.close();
  await platform.close();
});

const SECRET = Buffer.from('%PDF-1.7 the contract between Ada and Grace, clause 7: 1,000,000 EUR');

describe.each(['local', 's3'] as const)('tenant blobs on %s', (backend) => {
  const as = <T>(tenant: string, work: (blobs: TenantBlobs) => Promise<T>) => platform.businessDb.withTenant(tenant, () => work(backends[backend].blobs));
  const raw = () => backends[backend].raw;

  it('round-trips, and what is stored is ciphertext', async () => {
    const tenant = await createTestTenant(platform);
    expect(await as(tenant, (blobs) => blobs.put('pact/one/doc.pdf', SECRET))).toEqual({ key: 'pact/one/doc.pdf', size: SECRET.length });
    const stored = (await raw().read(`${tenant}/pact/one/doc.pdf`))!;
    expect(stored.includes(Buffer.from('Ada and Grace'))).toBe(false);
    expect(stored.includes(Buffer.from('%PDF'))).toBe(false);
    expect(await as(tenant, (blobs) => blobs.get('pact/one/doc.pdf'))).toEqual(SECRET);
  });

  it('does not open a blob copied into another tenant or renamed', async () => {
    const [owner, thief] = [await createTestTenant(platform), await createTestTenant(platform)];
    await as(owner, (blobs) => blobs.put('pact/a/doc.pdf', SECRET));
    const sealed = (await raw().read(`${owner}/pact/a/doc.pdf`))!;
    await raw().write(`${thief}/pact/a/doc.pdf`, sealed);
    await raw().write(`${owner}/pact/a/renamed.pdf`, sealed);
    await expect(as(thief, (blobs) => blobs.get('pact/a/doc.pdf'))).rejects.toMatchObject({ code: 'blob.unavailable', status: 409 });
    await expect(as(owner, (blobs) => blobs.get('pact/a/renamed.pdf'))).rejects.toMatchObject({ code: 'blob.unavailable' });
  });

  it('does not open a blob with one byte changed, or cut short', async () => {
    const tenant = await createTestTenant(platform);
    await as(tenant, (blobs) => blobs.put('pact/t/doc.pdf', SECRET));
    const sealed = (await raw().read(`${tenant}/pact/t/doc.pdf`))!;
    const flipped = Buffer.from(sealed);
    flipped[flipped.length - 20]! ^= 1;
    await raw().write(`${tenant}/pact/t/flipped.pdf`, flipped);
    await raw().write(`${tenant}/pact/t/short.pdf`, sealed.subarray(0, 20));
    await expect(as(tenant, (blobs) => blobs.get('pact/t/flipped.pdf'))).rejects.toMatchObject({ code: 'blob.unavailable' });
    await expect(as(tenant, (blobs) => blobs.get('pact/t/short.pdf'))).rejects.toMatchObject({ code: 'blob.unavailable' });
  });

  it('answers blob.not_found for a missing blob and blob.unavailable once the data key is destroyed', async () => {
    const tenant = await createTestTenant(platform);
    await expect(as(tenant, (blobs) => blobs.get('pact/none.pdf'))).rejects.toMatchObject({ code: 'blob.not_found', status: 404 });
    await as(tenant, (blobs) => blobs.put('pact/kept.pdf', SECRET));
    await platform.tenantKeys.destroyTenantDataKey(tenant);
    await expect(as(tenant, (blobs) => blobs.get('pact/kept.pdf'))).rejects.toMatchObject({ code: 'blob.unavailable' });
    await expect(as(tenant, (blobs) => blobs.put('pact/new.pdf', SECRET))).rejects.toMatchObject({ code: 'vault.data_key_destroyed' });
  });

  it.each(['../x', 'a/../../b', '..', '/etc/passwd', 'a//b', 'a/', 'a\0b', 'a\\b', '', 'a/./b', 'a/..b', '.hidden', 'a b', 'ä', `${'a'.repeat(301)}`, `a/${'b'.repeat(201)}`])(
    'refuses the name %j',
    async (key) => {
      const tenant = await createTestTenant(platform);
      await expect(as(tenant, (blobs) => blobs.put(key, SECRET))).rejects.toMatchObject({ code: 'blob.invalid_key', status: 400 });
      await expect(as(tenant, (blobs) => blobs.get(key))).rejects.toMatchObject({ code: 'blob.invalid_key' });
      await expect(as(tenant, (blobs) => blobs.delete(key))).rejects.toMatchObject({ code: 'blob.invalid_key' });
    },
  );

  it('deleteAll removes only the active tenant’s blobs', async () => {
    const [first, second] = [await createTestTenant(platform), await createTestTenant(platform)];
    for (const tenant of [first, second]) {
      await as(tenant, (blobs) => blobs.put('pact/x/doc.pdf', SECRET));
      await as(tenant, (blobs) => blobs.put('pact/y/doc.pdf', SECRET));
    }
    expect(await as(first, (blobs) => blobs.deleteAll())).toBe(2);
    await expect(as(first, (blobs) => blobs.get('pact/x/doc.pdf'))).rejects.toMatchObject({ code: 'blob.not_found' });
    expect(await as(second, (blobs) => blobs.get('pact/x/doc.pdf'))).toEqual(SECRET);
    expect(await as(second, (blobs) => blobs.get('pact/y/doc.pdf'))).toEqual(SECRET);
  });

  it('fails closed outside a tenant transaction', async () => {
    const blobs = backends[backend].blobs;
    await expect(blobs.get('pact/x/doc.pdf')).rejects.toThrow();
    await expect(blobs.put('pact/x/doc.pdf', SECRET)).rejects.toThrow();
    await expect(blobs.deleteAll()).rejects.toThrow();
  });
});

describe('the local directory layout', () => {
  it('keeps each blob at <tenant>/<key> under BSNS_BLOB_DIR, sealed', async () => {
    const tenant = await createTestTenant(platform);
    await platform.businessDb.withTenant(tenant, () => platform.blobs.put('pact/layout/doc.pdf', SECRET));
    const onDisk = await readFile(path.join(TEST_BLOB_DIR, tenant, 'pact', 'layout', 'doc.pdf'));
    expect(onDisk.subarray(0, 4).toString('latin1')).toBe('BSB1');
    expect(onDisk.includes(Buffer.from('Ada and Grace'))).toBe(false);
  });
});
