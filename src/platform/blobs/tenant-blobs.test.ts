import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTenant, openTestPlatform, TEST_BLOB_DIR } from '../../../test/support/test-platform.js';
import type { Platform } from '../open-platform.js';
import { createLocalBlobStore } from './local-blob-store.js';

let platform: Platform;
beforeAll(async () => {
  platform = await openTestPlatform();
});
afterAll(async () => {
  await platform.close();
});

const raw = createLocalBlobStore(TEST_BLOB_DIR);
const header = async (tenant: string, key: string) => {
  const sealed = (await raw.read(`${tenant}/${key}`))!;
  return sealed.subarray(5, 5 + sealed[4]!).toString('utf8');
};

describe('tenant blobs and data-key rotation', () => {
  it('names the data key version in each blob, and a rotation re-seals every blob before destroying the old key', async () => {
    const tenant = await createTestTenant(platform);
    const files = new Map([
      ['pact/e1/original.pdf', Buffer.from('%PDF-1.7 first')],
      ['pact/e1/signature.png', Buffer.from('\x89PNG signature')],
      ['pact/e2/original.pdf', Buffer.alloc(300_000, 7)],
    ]);
    for (const [key, bytes] of files) await platform.businessDb.withTenant(tenant, () => platform.blobs.put(key, bytes));
    expect(await header(tenant, 'pact/e1/original.pdf')).toBe('dk1');

    const report = await platform.tenantKeys.rotateTenantDataKey(tenant, []);
    expect(report).toMatchObject({ version: 2, resealed: 3, unreadable: 0 });
    for (const [key, bytes] of files) {
      expect(await header(tenant, key)).toBe('dk2');
      expect(await platform.businessDb.withTenant(tenant, () => platform.blobs.get(key))).toEqual(bytes);
    }
    const states = await platform.businessDb.withTenant(tenant, async (tx) => (await tx.query<{ version: number; state: string }>('SELECT version, state FROM tenant_data_keys WHERE version > 0 ORDER BY version')).rows);
    expect(states).toEqual([{ version: 1, state: 'destroyed' }, { version: 2, state: 'active' }]);
  });

  it('keeps the old key while a blob does not open, so nothing readable is shredded', async () => {
    const tenant = await createTestTenant(platform);
    await platform.businessDb.withTenant(tenant, () => platform.blobs.put('pact/good.pdf', Buffer.from('good')));
    const sealed = (await raw.read(`${tenant}/pact/good.pdf`))!;
    await raw.write(`${tenant}/pact/moved.pdf`, sealed); // bound to another name: never opens
    const report = await platform.tenantKeys.rotateTenantDataKey(tenant, []);
    expect(report).toMatchObject({ resealed: 1, unreadable: 1 });
    const retired = await platform.businessDb.withTenant(tenant, async (tx) => (await tx.query<{ state: string }>('SELECT state FROM tenant_data_keys WHERE version = 1')).rows[0]!.state);
    expect(retired).toBe('retired');
    expect(await platform.businessDb.withTenant(tenant, () => platform.blobs.get('pact/good.pdf'))).toEqual(Buffer.from('good'));
  });
});
