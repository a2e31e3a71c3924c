/**
 * What an operator's key work must never do to customers: lose them, or shred the wrong tenant.
 * Customers with every sensitive field are created through the API, then the operator's own
 * commands run (`bsns keys rotate-tenant-key`, `rotate-master`, `destroy-tenant-key`, as child
 * processes). After either rotation every record still reads masked, reveals in full and is
 * found by its blind index, with the old key gone; after a destruction that tenant's sensitive
 * fields read "unavailable" in the API and on the pages, nothing reveals and nothing new is
 * sealed, while another tenant reads on untouched.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli } from '../../../test/support/cli-process.js';
import { provisionScratchDatabases, type ScratchDatabases } from '../../../test/support/scratch-databases.js';
import { createTestTenant, testEnv } from '../../../test/support/test-platform.js';
import { testPrincipalHeader, testResolvers } from '../../../test/support/test-resolvers.js';
import { openTestSuite, useTestSuite, type TestSuite } from '../../../test/support/test-suite.js';
import { ManualClock } from '../../platform/clock.js';
import { generateKeySpec } from '../../platform/crypto/index.js';
import { migrateDatabase } from '../../platform/migrations/index.js';
import type { Platform } from '../../platform/open-platform.js';
import { SUITE_SEALED_COLUMNS } from '../../sealed-columns.js';
import { maskValue, SENSITIVE_FIELD_SPECS, SENSITIVE_FIELDS, type SensitiveField } from './customers/sensitive-fields.js';

const clock = new ManualClock(new Date('2031-05-06T07:08:09Z'));
const suite = useTestSuite({ resolvers: testResolvers, clock });

interface Customer {
  readonly id: string;
  readonly path: 'people' | 'companies';
  readonly name: string;
  /** The sensitive values as the API stores and reveals them (already in canonical form). */
  readonly values: Partial<Record<SensitiveField, string>>;
}

/** A member of `tenantId` who proved MFA just now, so reveals are allowed. */
function memberOf(app: FastifyInstance, tenantId: string) {
  const headers = testPrincipalHeader({ tenantId, subject: randomUUID(), mfaVerifiedAt: clock.now().toISOString() });
  return {
    post: (url: string, payload: object) => app.inject({ method: 'POST', url, payload, headers }),
    get: (url: string) => app.inject({ method: 'GET', url, headers }),
    page: (url: string) => app.inject({ method: 'GET', url, headers: { ...headers, accept: 'text/html' } }),
  };
}

/** Two people and a company, with every sensitive field their kind has; `n` keeps tenants' values apart. */
async function createCustomers(app: FastifyInstance, tenantId: string, n: number): Promise<Customer[]> {
  const api = memberOf(app, tenantId);
  const wanted: Array<Omit<Customer, 'id'>> = [
    { path: 'people', name: `Person A${n}`, values: { ssn: `234-5${n}-7890`, dateOfBirth: `1971-02-0${n}`, licenceNumber: `D765432${n}`, taxId: `TX100${n}` } },
    { path: 'people', name: `Person B${n}`, values: { ssn: `345-6${n}-8902`, dateOfBirth: `1985-12-2${n}`, licenceNumber: `L246801${n}` } },
    { path: 'companies', name: `Company ${n}`, values: { ein: `12-345678${n}`, taxId: `GB12345678${n}` } },
  ];
  const customers: Customer[] = [];
  for (const customer of wanted) {
    const created = await api.post(`/api/v1/records/${customer.path}`, { name: customer.name, ...customer.values });
    expect(created.statusCode, created.body).toBe(201);
    customers.push({ ...customer, id: created.json().id as string });
  }
  return customers;
}

/** Every sensitive field of every customer reads masked, reveals in full, and the blind index finds them. */
async function expectEveryFieldReads(app: FastifyInstance, tenantId: string, customers: readonly Customer[]): Promise<void> {
  const api = memberOf(app, tenantId);
  for (const customer of customers) {
    const read = await api.get(`/api/v1/records/${customer.path}/${customer.id}`);
    expect(read.statusCode, read.body).toBe(200);
    for (const field of SENSITIVE_FIELDS) {
      const value = customer.values[field];
      expect(read.json().sensitive[field], `${customer.name}: ${field}`).toEqual(value === undefined ? null : { masked: maskValue(value), available: true });
      if (value === undefined) continue;
      const revealed = await api.post(`/api/v1/records/entries/${customer.id}/reveal`, { field });
      expect(revealed.json(), `${customer.name}: reveal ${field}`).toEqual({ field, value });
    }
    for (const lookup of [customer.values.ssn && { ssn: customer.values.ssn }, customer.values.taxId && { taxId: customer.values.taxId }]) {
      if (!lookup) continue;
      const found = await api.post('/api/v1/records/lookup', lookup);
      expect(found.json().items.map((record: { id: string }) => record.id)).toEqual([customer.id]);
    }
  }
}

/** Which data key each value of each sealed records column names, e.g. `{ 'records.ssn_sealed': { dk2: 2 } }`. */
async function keysInRecordColumns(platform: Platform, tenantId: string): Promise<Record<string, Record<string, number>>> {
  return platform.businessDb.withTenant(tenantId, async (tx) => {
    const result: Record<string, Record<string, number>> = {};
    for (const { table, column } of SUITE_SEALED_COLUMNS.filter((sealed) => sealed.table === 'records')) {
      const { rows } = await tx.query<{ key: string; n: string }>(`SELECT split_part("${column}", '.', 2) AS key, count(*) AS n FROM "${table}" WHERE "${column}" IS NOT NULL GROUP BY 1`);
      result[`${table}.${column}`] = Object.fromEntries(rows.map((row) => [row.key, Number(row.n)]));
    }
    return result;
  });
}

/** How many of the customers hold each sensitive column, all under data key `keyId`. */
function expectedKeys(customers: readonly Customer[], keyId: string): Record<string, Record<string, number>> {
  const expected: Record<string, Record<string, number>> = {};
  for (const field of SENSITIVE_FIELDS) {
    const count = customers.filter((customer) => customer.values[field] !== undefined).length;
    expected[`records.${SENSITIVE_FIELD_SPECS[field].column}`] = count === 0 ? {} : { [keyId]: count };
  }
  return expected;
}

describe('the rotation registry', () => {
  it('holds every sealed column of records, so a data-key rotation re-seals every sensitive field', () => {
    const registered = SUITE_SEALED_COLUMNS.filter((sealed) => sealed.table === 'records');
    expect(registered.map((sealed) => sealed.column).sort()).toEqual(SENSITIVE_FIELDS.map((field) => SENSITIVE_FIELD_SPECS[field].column).sort());
    expect(registered.every((sealed) => sealed.idColumn === 'id')).toBe(true); // the ref every seal of records uses
  });
});

describe('after a data-key rotation (bsns keys rotate-tenant-key)', () => {
  it('every record still reads, reveals and is found by its blind index, every sealed column is under the new key, and the old key is gone', { timeout: 120_000 }, async () => {
    const tenant = await createTestTenant(suite.platform);
    const other = await createTestTenant(suite.platform);
    const customers = await createCustomers(suite.app, tenant, 1);
    const bystanders = await createCustomers(suite.app, other, 2);
    expect(await keysInRecordColumns(suite.platform, tenant)).toEqual(expectedKeys(customers, 'dk1'));

    // Batches of 2 rows: each of the records columns takes more than one batch.
    const rotated = await runCli(['keys', 'rotate-tenant-key', '--tenant', tenant, '--batch-size', '2'], cliEnv(testEnv()));
    expect(rotated.stderr).toBe('');
    expect(rotated.code).toBe(0);
    for (const [column, keys] of Object.entries(expectedKeys(customers, 'dk1'))) {
      const count = keys.dk1 ?? 0;
      expect(rotated.stdout).toContain(`${column}: ${count}/${count}`);
    }
    expect(rotated.stdout).toContain('Old data keys destroyed.');

    expect(await keysInRecordColumns(suite.platform, tenant)).toEqual(expectedKeys(customers, 'dk2'));
    const keyRows = await suite.platform.businessDb.withTenant(tenant, (tx) => tx.query('SELECT version, state, wrapped_key IS NULL AS erased FROM tenant_data_keys ORDER BY version'));
    expect(keyRows.rows).toEqual([
      { version: 0, state: 'index', erased: false },
      { version: 1, state: 'destroyed', erased: true },
      { version: 2, state: 'active', erased: false },
    ]);
    await expectEveryFieldReads(suite.app, tenant, customers);
    // Another tenant was neither rotated nor disturbed.
    expect(await keysInRecordColumns(suite.platform, other)).toEqual(expectedKeys(bystanders, 'dk1'));
    await expectEveryFieldReads(suite.app, other, bystanders);
  });
});

/**
 * `bsns keys rotate-master` rewraps every tenant's data keys and re-seals the identity database's
 * secrets, so it runs on databases of its own: on the shared test databases it would re-seal them
 * under a key the other test files do not hold.
 */
describe('after a master-key rotation (bsns keys rotate-master)', () => {
  const oldKey = generateKeySpec('mold');
  const newKey = generateKeySpec('mnew');
  let databases: ScratchDatabases;
  let env: (masterKeys: string) => Record<string, string>;
  const opened: TestSuite[] = [];
  const open = async (masterKeys: string) => {
    const opening = await openTestSuite({ env: env(masterKeys), resolvers: testResolvers, clock });
    opened.push(opening);
    return opening;
  };

  beforeAll(async () => {
    databases = await provisionScratchDatabases();
    await migrateDatabase(databases.urls.identityOwner, 'identity');
    await migrateDatabase(databases.urls.businessOwner, 'business');
    const { urls } = databases;
    env = (masterKeys) => ({
      IDENTITY_DATABASE_URL: urls.identity,
      IDENTITY_OWNER_DATABASE_URL: urls.identityOwner,
      BUSINESS_DATABASE_URL: urls.business,
      BUSINESS_OWNER_DATABASE_URL: urls.businessOwner,
      BSNS_MASTER_KEYS: masterKeys,
    });
  }, 60_000);
  afterAll(async () => {
    for (const closing of opened) await closing.close();
    await databases?.drop();
  });

  it('every record of every tenant still reads with only the new master key, and no longer with only the old one', { timeout: 120_000 }, async () => {
    const before = await open(oldKey);
    const tenants = [await createTestTenant(before.platform), await createTestTenant(before.platform)];
    const customers = [await createCustomers(before.app, tenants[0]!, 3), await createCustomers(before.app, tenants[1]!, 4)];

    const rotated = await runCli(['keys', 'rotate-master'], cliEnv(testEnv(env(`${newKey},${oldKey}`))));
    expect(rotated.stderr).toBe('');
    expect(rotated.code).toBe(0);
    // Each tenant's data key and blind-index key; no tenant row was re-sealed.
    for (const tenant of tenants) expect(rotated.stdout).toContain(`tenant ${tenant}: rewrapped 2 keys`);
    for (const [index, tenant] of tenants.entries()) expect(await keysInRecordColumns(before.platform, tenant)).toEqual(expectedKeys(customers[index]!, 'dk1'));

    const after = await open(newKey);
    for (const [index, tenant] of tenants.entries()) {
      const wrapped = await after.platform.businessDb.withTenant(tenant, (tx) => tx.query<{ wrapped_key: string }>('SELECT wrapped_key FROM tenant_data_keys'));
      expect(wrapped.rows.map((row) => row.wrapped_key.split('.')[1])).toEqual(['mnew', 'mnew']);
      await expectEveryFieldReads(after.app, tenant, customers[index]!);
    }

    // The old master key alone unwraps nothing any more: it can leave the environment and escrow.
    const stale = await open(oldKey);
    const [person] = customers[0]!;
    const read = await memberOf(stale.app, tenants[0]!).get(`/api/v1/records/people/${person!.id}`);
    expect(read.json().sensitive.ssn).toEqual({ masked: 'unavailable', available: false });
  });
});

describe("after a tenant's data key is destroyed (bsns keys destroy-tenant-key)", () => {
  it('its sensitive fields read "unavailable" in the API and on the pages, nothing reveals or seals, and another tenant is untouched', { timeout: 120_000 }, async () => {
    const doomed = await createTestTenant(suite.platform);
    const other = await createTestTenant(suite.platform);
    const doomedCustomers = await createCustomers(suite.app, doomed, 5);
    const otherCustomers = await createCustomers(suite.app, other, 6);
    await expectEveryFieldReads(suite.app, doomed, doomedCustomers); // the keys are warm in this process's cache

    const destroyed = await runCli(['keys', 'destroy-tenant-key', '--tenant', doomed, '--yes-destroy'], cliEnv(testEnv()));
    expect(destroyed.stderr).toBe('');
    expect(destroyed.code).toBe(0);

    const api = memberOf(suite.app, doomed);
    for (const customer of doomedCustomers) {
      const read = await api.get(`/api/v1/records/${customer.path}/${customer.id}`);
      expect(read.statusCode).toBe(200);
      expect(read.json().name).toBe(customer.name); // what is not sensitive is still there
      for (const field of SENSITIVE_FIELDS) {
        const set = customer.values[field] !== undefined;
        expect(read.json().sensitive[field], `${customer.name}: ${field}`).toEqual(set ? { masked: 'unavailable', available: false } : null);
        if (!set) continue;
        const reveal = await api.post(`/api/v1/records/entries/${customer.id}/reveal`, { field });
        expect(reveal.statusCode).toBe(409);
        expect(reveal.json()).toEqual({ error: { code: 'record.field_unavailable', message: expect.any(String) } });
      }
      const page = await api.page(`/records/${customer.path}/${customer.id}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(customer.name);
      for (const field of SENSITIVE_FIELDS) {
        if (customer.values[field] === undefined) continue;
        expect(page.body).toContain(`data-sensitive-value="${field}">unavailable<`);
        expect(page.body).not.toContain(`aria-label="Reveal ${SENSITIVE_FIELD_SPECS[field].label}"`);
      }
      for (const value of Object.values(customer.values).filter((set) => set !== undefined)) {
        expect(read.body).not.toContain(maskValue(value));
        expect(page.body).not.toContain(maskValue(value));
      }
    }
    // Nothing new is sealed under a destroyed tenant's keys, and nothing is half stored.
    const count = async () => suite.platform.businessDb.withTenant(doomed, async (tx) => Number((await tx.query<{ n: string }>('SELECT count(*) AS n FROM records')).rows[0]!.n));
    const rows = await count();
    const refused = await api.post('/api/v1/records/people', { name: 'After the shredding', ssn: '456-78-9013' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('vault.data_key_destroyed');
    expect(await count()).toBe(rows);
    expect((await api.post('/api/v1/records/lookup', { ssn: doomedCustomers[0]!.values.ssn! })).statusCode).toBe(409);

    // The other tenant reads, reveals and finds as before, on the API and on its pages.
    await expectEveryFieldReads(suite.app, other, otherCustomers);
    const otherPage = await memberOf(suite.app, other).page(`/records/people/${otherCustomers[0]!.id}`);
    expect(otherPage.body).toContain(`data-sensitive-value="ssn">${maskValue(otherCustomers[0]!.values.ssn!)}<`);
    expect(otherPage.body).toContain('aria-label="Reveal SSN"');
  });
});
