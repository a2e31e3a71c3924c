/**
 * The attack: someone with the database (a stolen backup, an injected UPDATE, a curious DBA)
 * wants a tenant's sensitive values. The values are sealed under that tenant's own data key,
 * which the database holds only wrapped by the master key; ciphertext moved to another row,
 * column or tenant does not open; a superuser scan finds no plaintext; and once a tenant's key
 * is destroyed its ciphertext is noise, while other tenants read on.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestTenant, openTestPlatform } from '../../../test/support/test-platform.js';
import type { Platform } from '../open-platform.js';
import { generateKeySpec } from './keyring.js';
import { keyFingerprint, keyringFingerprints } from './key-fingerprint.js';

let platform: Platform;
const ref = { table: 'people', column: 'ssn', rowId: 'row-1' };

beforeAll(async () => {
  platform = await openTestPlatform();
});
afterAll(() => platform.close());

async function sealFor(tenantId: string, value: string, at = ref): Promise<string> {
  return platform.businessDb.withTenant(tenantId, () => platform.tenantVault.seal(value, at));
}
async function openFor(tenantId: string, sealed: string, at = ref) {
  return platform.businessDb.withTenant(tenantId, () => platform.tenantVault.open(sealed, at));
}

describe('per-tenant data keys', () => {
  it('seals under the tenant data key, in the field format, naming the key version', async () => {
    const tenant = await createTestTenant(platform);
    const sealed = await sealFor(tenant, '123-45-6789');
    expect(sealed).toMatch(/^v1\.dk1\.[\w-]{16}\.[\w-]+$/);
    expect(await openFor(tenant, sealed)).toEqual({ status: 'ok', value: '123-45-6789' });
  });

  it.each([
    ['another row', { ...ref, rowId: 'row-2' }],
    ['another column', { ...ref, column: 'tax_id' }],
    ['another table', { ...ref, table: 'companies' }],
  ])('refuses ciphertext moved to %s', async (_label, moved) => {
    const tenant = await createTestTenant(platform);
    const sealed = await sealFor(tenant, 'secret');
    expect((await openFor(tenant, sealed, moved)).status).toBe('unavailable');
  });

  it('refuses ciphertext moved to another tenant (another key, another AAD)', async () => {
    const [a, b] = [await createTestTenant(platform), await createTestTenant(platform)];
    const sealed = await sealFor(a, 'secret');
    await sealFor(b, 'warm up b');
    expect((await openFor(b, sealed)).status).toBe('unavailable');
  });

  it('creates exactly one key when 20 transactions race on first use', async () => {
    const tenant = await createTestTenant(platform);
    const sealed = await Promise.all(Array.from({ length: 20 }, (_, i) => sealFor(tenant, `v${i}`)));
    for (const [i, value] of sealed.entries()) expect(await openFor(tenant, value)).toEqual({ status: 'ok', value: `v${i}` });
    const { rows } = await platform.businessDb.withTenant(tenant, (tx) => tx.query('SELECT version, state FROM tenant_data_keys ORDER BY version'));
    expect(rows).toEqual([{ version: 0, state: 'index' }, { version: 1, state: 'active' }]);
  });

  it('stores data keys only wrapped: a superuser scan of every business column finds no plaintext and no raw key', async () => {
    const tenant = await createTestTenant(platform);
    const ssn = `987-65-${String(Math.floor(Math.random() * 9000) + 1000)}`;
    const id = randomUUID();
    await platform.businessDb.withTenant(tenant, async (tx) => {
      const secret = await platform.tenantVault.seal(ssn, { table: 'webhook_endpoints', column: 'secret_sealed', rowId: id });
      await tx.query('INSERT INTO webhook_endpoints (tenant_id, id, url, secret_sealed) VALUES ($1, $2, $3, $4)', [tenant, id, 'https://example.com/hook', secret]);
    });
    const admin = new pg.Client({ connectionString: inject('testDatabases').urls.businessOwner });
    await admin.connect();
    try {
      const { rows: columns } = await admin.query<{ table_name: string; column_name: string }>(
        `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND data_type IN ('text', 'jsonb', 'ARRAY', 'character varying')`,
      );
      expect(columns.length).toBeGreaterThan(5);
      for (const { table_name, column_name } of columns) {
        const { rows } = await admin.query(`SELECT 1 FROM "${table_name}" WHERE "${column_name}"::text LIKE '%' || $1 || '%' LIMIT 1`, [ssn]);
        expect(rows, `${table_name}.${column_name}`).toHaveLength(0);
      }
    } finally {
      await admin.end();
    }
  });
});

describe('crypto-shredding', () => {
  it('makes every ciphertext of the tenant unavailable, refuses new seals, and leaves other tenants readable', async () => {
    const [doomed, other] = [await createTestTenant(platform), await createTestTenant(platform)];
    const doomedValue = await sealFor(doomed, 'gone');
    const otherValue = await sealFor(other, 'stays');
    expect((await openFor(doomed, doomedValue)).status).toBe('ok'); // cached in process before the destroy

    await platform.tenantKeys.destroyTenantDataKey(doomed);

    expect(await openFor(doomed, doomedValue)).toMatchObject({ status: 'unavailable' });
    await expect(sealFor(doomed, 'new')).rejects.toMatchObject({ code: 'vault.data_key_destroyed' });
    expect(await openFor(other, otherValue)).toEqual({ status: 'ok', value: 'stays' });
    const { rows } = await platform.businessDb.withTenant(doomed, (tx) => tx.query('SELECT wrapped_key FROM tenant_data_keys'));
    expect(rows.every((row) => row.wrapped_key === null)).toBe(true);
  });

  it('is refused by another process too: keys are re-read per transaction, not trusted from a cache', async () => {
    const second = await openTestPlatform();
    try {
      const tenant = await createTestTenant(platform);
      const sealed = await sealFor(tenant, 'x');
      expect((await second.businessDb.withTenant(tenant, () => second.tenantVault.open(sealed, ref))).status).toBe('ok');
      await platform.tenantKeys.destroyTenantDataKey(tenant);
      expect((await second.businessDb.withTenant(tenant, () => second.tenantVault.open(sealed, ref))).status).toBe('unavailable');
    } finally {
      await second.close();
    }
  });
});

describe('master-key rotation', () => {
  it('rewraps data keys under the new master key without touching sealed rows; the old master key can then go', async () => {
    const tenant = await createTestTenant(platform);
    const sealed = await sealFor(tenant, 'survives rotation');
    const oldKeys = inject('testMasterKeys');
    const rotated = await openTestPlatform({ BSNS_MASTER_KEYS: `${generateKeySpec('next1')},${oldKeys}` });
    try {
      const count = await rotated.tenantKeys.rewrapDataKeys({ actorId: 'test', permissions: new Set() }, { tenantIds: [tenant] });
      expect(count).toBe(2); // the data key and the index key
    } finally {
      await rotated.close();
    }
    const { rows } = await platform.businessDb.withTenant(tenant, (tx) => tx.query<{ wrapped_key: string }>('SELECT wrapped_key FROM tenant_data_keys'));
    expect(rows.every((row) => row.wrapped_key.startsWith('v1.next1.'))).toBe(true);
    const newOnly = await openTestPlatform({ BSNS_MASTER_KEYS: rotated.keyring.active.id + ':' + rotated.keyring.active.key.toString('base64url') });
    try {
      expect(await newOnly.businessDb.withTenant(tenant, () => newOnly.tenantVault.open(sealed, ref))).toEqual({ status: 'ok', value: 'survives rotation' });
    } finally {
      await newOnly.close();
    }
    // And the platform that only holds the old master key can no longer unwrap this tenant's key.
    expect((await openFor(tenant, sealed)).status).toBe('unavailable');
  });
});

describe('blind index', () => {
  it('is stable per tenant and field, differs across tenants and fields, and is not the plaintext', async () => {
    const [a, b] = [await createTestTenant(platform), await createTestTenant(platform)];
    const index = (tenant: string, column: string, value: string) =>
      platform.businessDb.withTenant(tenant, () => platform.tenantVault.blindIndex(value, { table: 'people', column }));
    const first = await index(a, 'ssn', '123-45-6789');
    expect(await index(a, 'ssn', '123-45-6789')).toBe(first);
    expect(await index(b, 'ssn', '123-45-6789')).not.toBe(first);
    expect(await index(a, 'tax_id', '123-45-6789')).not.toBe(first);
    expect(first).not.toContain('6789');
  });

  it('survives a data-key rotation (the index key is not rotated with the data keys)', async () => {
    const tenant = await createTestTenant(platform);
    const before = await platform.businessDb.withTenant(tenant, () => platform.tenantVault.blindIndex('X1', { table: 'people', column: 'ssn' }));
    await platform.tenantKeys.rotateTenantDataKey(tenant, []);
    const after = await platform.businessDb.withTenant(tenant, () => platform.tenantVault.blindIndex('X1', { table: 'people', column: 'ssn' }));
    expect(after).toBe(before);
  });
});

describe('fingerprints', () => {
  it('identify a key without revealing it', () => {
    const key = Buffer.alloc(32, 7);
    expect(keyFingerprint(key)).toHaveLength(22);
    expect(keyFingerprint(key)).not.toContain(key.toString('base64url').slice(0, 8));
    expect(keyFingerprint(Buffer.alloc(32, 8))).not.toBe(keyFingerprint(key));
    expect([...keyringFingerprints(platform.keyring).keys()]).toEqual([platform.keyring.active.id]);
  });
});
