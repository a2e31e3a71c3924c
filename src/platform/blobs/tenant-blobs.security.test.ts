/**
 * Stored files are the tenant's: sealed with its data key, bound to its id and the file's name.
 * An attacker with the blob directory reads only ciphertext, and a blob copied to another tenant
 * or name does not open; names that would leave the tenant's directory are refused.
 */
import { cp, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTenant, openTestPlatform, TEST_BLOB_DIR } from '../../../test/support/test-platform.js';
import type { Platform } from '../open-platform.js';

let platform: Platform;
beforeAll(async () => {
  platform = await openTestPlatform();
});
afterAll(async () => {
  await platform.close();
});

const SECRET = Buffer.from('%PDF-1.7 the contract between Ada and Grace, clause 7: 1,000,000 EUR');

describe('tenant blobs', () => {
  it('round-trips, and what is on disk is ciphertext', async () => {
    const tenant = await createTestTenant(platform);
    await platform.businessDb.withTenant(tenant, () => platform.blobs.put('pact/one/doc.pdf', SECRET));
    const onDisk = await readFile(path.join(TEST_BLOB_DIR, tenant, 'pact/one/doc.pdf'));
    expect(onDisk.includes(Buffer.from('Ada and Grace'))).toBe(false);
    expect(await platform.businessDb.withTenant(tenant, () => platform.blobs.get('pact/one/doc.pdf'))).toEqual(SECRET);
  });

  it('does not open a blob copied to another tenant or another name', async () => {
    const [owner, thief] = [await createTestTenant(platform), await createTestTenant(platform)];
    await platform.businessDb.withTenant(owner, () => platform.blobs.put('pact/a/doc.pdf', SECRET));
    await platform.businessDb.withTenant(thief, () => platform.blobs.put('pact/b/other.pdf', Buffer.from('%PDF mine')));
    await cp(path.join(TEST_BLOB_DIR, owner, 'pact/a/doc.pdf'), path.join(TEST_BLOB_DIR, thief, 'pact/a/doc.pdf'));
    await cp(path.join(TEST_BLOB_DIR, owner, 'pact/a/doc.pdf'), path.join(TEST_BLOB_DIR, owner, 'pact/a/renamed.pdf'));
    await expect(platform.businessDb.withTenant(thief, () => platform.blobs.get('pact/a/doc.pdf'))).rejects.toMatchObject({ code: 'blob.unavailable' });
    await expect(platform.businessDb.withTenant(owner, () => platform.blobs.get('pact/a/renamed.pdf'))).rejects.toMatchObject({ code: 'blob.unavailable' });
  });

  it.each(['../x', 'a/../../b', '/etc/passwd', 'a//b', 'a\0b', '', 'a/./b', `${'a'.repeat(301)}`])('refuses the name %j', async (key) => {
    const tenant = await createTestTenant(platform);
    await expect(platform.businessDb.withTenant(tenant, () => platform.blobs.put(key, SECRET))).rejects.toMatchObject({ code: 'blob.invalid_key' });
  });

  it('answers blob.not_found for a missing blob and blob.unavailable once the data key is destroyed', async () => {
    const tenant = await createTestTenant(platform);
    await expect(platform.businessDb.withTenant(tenant, () => platform.blobs.get('pact/none.pdf'))).rejects.toMatchObject({ code: 'blob.not_found' });
    await platform.businessDb.withTenant(tenant, () => platform.blobs.put('pact/kept.pdf', SECRET));
    await platform.tenantKeys.destroyTenantDataKey(tenant);
    await expect(platform.businessDb.withTenant(tenant, () => platform.blobs.get('pact/kept.pdf'))).rejects.toMatchObject({ code: 'blob.unavailable' });
  });

  it('deleteAll removes only the active tenant’s blobs', async () => {
    const [first, second] = [await createTestTenant(platform), await createTestTenant(platform)];
    for (const tenant of [first, second]) await platform.businessDb.withTenant(tenant, () => platform.blobs.put('pact/x/doc.pdf', SECRET));
    expect(await platform.businessDb.withTenant(first, () => platform.blobs.deleteAll())).toBe(1);
    expect(await readdir(path.join(TEST_BLOB_DIR, second, 'pact/x'))).toEqual(['doc.pdf']);
    await expect(platform.businessDb.withTenant(first, () => platform.blobs.get('pact/x/doc.pdf'))).rejects.toMatchObject({ code: 'blob.not_found' });
  });

  it('fails closed outside a tenant transaction', async () => {
    await expect(platform.blobs.get('pact/x/doc.pdf')).rejects.toThrow();
  });
});
