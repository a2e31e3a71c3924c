/**
 * The attack: one free account on a shared installation fills it. It creates tenant after
 * tenant, invites hundreds of addresses (each one an email the installation sends), files
 * label after label, record after record with tasks and notes, mints tokens and webhooks, and
 * uploads one huge CSV after another; it sends its creates twenty at a time so that every request
 * counts "below the limit" before any of them inserts. Each quota must stop it exactly at the
 * limit, answer `quota.exceeded` naming the limit and the usage, and write nothing past it.
 */
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { createTestMember, signIn, uniqueTestAddress, type TestMember } from '../../../test/support/identity-members.js';
import { SuiteClient } from '../../../test/support/suite-client.js';
import { useTestSuite } from '../../../test/support/test-suite.js';
import { createTenantMirror } from '../tenancy/index.js';
import { createQuotaOverrides } from './quota-overrides.js';
import type { QuotaKey } from './quota-table.js';

const clock = new ManualClock(new Date('2026-07-01T09:00:00Z'));
const IMPORT_ROWS = 5;
// The installation's bound on one import, set as an operator would (it has no per-tenant override).
const suite = useTestSuite({ clock, env: { LOG_LEVEL: 'silent', BSNS_QUOTAS: `installation.import_rows=${IMPORT_ROWS}` } });
const PARALLEL = 20;

async function signedIn(member: TestMember): Promise<SuiteClient> {
  const client = new SuiteClient(suite.app, undefined, uniqueTestAddress());
  await signIn(client, member.email);
  return client;
}

/** An operator's override for one subject, as `npx bsns quotas set` stores it. */
const setQuota = (subjectId: string, key: QuotaKey, value: number) => createQuotaOverrides(suite.platform.identityDb).set(subjectId, { [key]: value });

function expectQuotaExceeded(response: { statusCode: number; json(): unknown }, key: QuotaKey, usage: number, limit: number) {
  expect(response.statusCode).toBe(409);
  expect(response.json()).toEqual({
    error: { code: 'quota.exceeded', message: expect.stringContaining(`Quota ${key} reached: ${usage} of ${limit}`), details: { quota: key, limit, usage } },
  });
}

const count = async (sql: string, params: unknown[]) => Number((await suite.platform.identityDb.query<{ n: string }>(sql, params)).rows[0]!.n);
const ownedTenants = (userId: string) => count("SELECT count(*) AS n FROM memberships WHERE user_id = $1 AND role = 'owner'", [userId]);
const pendingInvitations = (tenantId: string) => count('SELECT count(*) AS n FROM invitations WHERE tenant_id = $1 AND accepted_at IS NULL AND revoked_at IS NULL', [tenantId]);

describe('user.tenants_owned', () => {
  it('creates up to the limit, refuses the next with quota.exceeded, and writes no tenant', async () => {
    const owner = await createTestMember(suite.platform.identityDb, clock);
    await setQuota(owner.id, 'user.tenants_owned', 3);
    const client = await signedIn(owner);
    for (const index of [2, 3]) expect((await client.post('/api/v1/auth/tenants', { name: `Owned ${index}` })).statusCode).toBe(201);
    const name = `Past the limit ${randomUUID()}`;
    expectQuotaExceeded(await client.post('/api/v1/auth/tenants', { name }), 'user.tenants_owned', 3, 3);
    expect(await ownedTenants(owner.id)).toBe(3);
    expect(await count('SELECT count(*) AS n FROM tenants WHERE name = $1', [name])).toBe(0);
  });

  it(`${PARALLEL} parallel creates at the edge end exactly at the limit`, async () => {
    const owner = await createTestMember(suite.platform.identityDb, clock);
    await setQuota(owner.id, 'user.tenants_owned', 5);
    const client = await signedIn(owner);
    const responses = await Promise.all(Array.from({ length: PARALLEL }, (_, index) => client.post('/api/v1/auth/tenants', { name: `Race ${index}` })));
    expect(responses.filter((response) => response.statusCode === 201)).toHaveLength(4);
    expect(responses.filter((response) => response.statusCode === 409).map((response) => (response.json() as { error: { code: string } }).error.code)).toEqual(
      Array(PARALLEL - 4).fill('quota.exceeded'),
    );
    expect(await ownedTenants(owner.id)).toBe(5);
  });
});

describe('tenant.members, tenant.pending_invitations and tenant.emails_per_hour', () => {
  const invite = (client: SuiteClient) => client.post('/api/v1/tenant/invitations', { email: `invitee-${randomUUID()}@example.test`, role: 'member' });

  it('counts pending invitations as seats: refuses the invitation that would pass tenant.members', async () => {
    const owner = await createTestMember(suite.platform.identityDb, clock);
    await setQuota(owner.tenantId, 'tenant.members', 3);
    const client = await signedIn(owner);
    expect((await invite(client)).statusCode).toBe(201);
    expect((await invite(client)).statusCode).toBe(201);
    expectQuotaExceeded(await invite(client), 'tenant.members', 3, 3);
    expect(await pendingInvitations(owner.tenantId)).toBe(2);
  });

  it('counts withdrawn invitations against tenant.emails_per_hour until the hour has passed', async () => {
    const owner = await createTestMember(suite.platform.identityDb, clock);
    await setQuota(owner.tenantId, 'tenant.emails_per_hour', 2);
    const client = await signedIn(owner);
    for (let sent = 0; sent < 2; sent++) {
      const created = await invite(client);
      expect(created.statusCode).toBe(201);
      expect((await client.request({ method: 'DELETE', url: `/api/v1/tenant/invitations/${(created.json() as { id: string }).id}` })).statusCode).toBe(204);
    }
    expectQuotaExceeded(await invite(client), 'tenant.emails_per_hour', 2, 2);
    expect(await count('SELECT count(*) AS n FROM invitations WHERE tenant_id = $1', [owner.tenantId])).toBe(2);
    clock.advance(3600_000 + 1_000);
    await signIn(client, owner.email); // the session token outlived the hour
    expect((await invite(client)).statusCode).toBe(201);
  });

  it(`${PARALLEL} parallel invitations at the edge end exactly at the limit`, async () => {
    const owner = await createTestMember(suite.platform.identityDb, clock);
    await setQuota(owner.tenantId, 'tenant.members', 6);
    const client = await signedIn(owner);
    const responses = await Promise.all(Array.from({ length: PARALLEL }, () => invite(client)));
    expect(responses.map((response) => response.statusCode).sort()).toEqual([...Array(5).fill(201), ...Array(PARALLEL - 5).fill(409)]);
    expect(await pendingInvitations(owner.tenantId)).toBe(5);
  });
});

/** An owner signed in to a fresh tenant, mirrored into the business database with its data key, as sign-up does. */
async function ownerOfFreshTenant(): Promise<{ owner: TestMember; client: SuiteClient }> {
  const owner = await createTestMember(suite.platform.identityDb, clock);
  await createTenantMirror(suite.platform.businessDb, { afterMirror: () => suite.platform.tenantVault.ensureDataKey() })({ id: owner.tenantId, name: 'Quota tenant' });
  return { owner, client: await signedIn(owner) };
}

const businessCount = (tenantId: string, sql: string) =>
  suite.platform.businessDb.withTenant(tenantId, async (tx) => Number((await tx.query<{ n: string }>(sql)).rows[0]!.n));

describe('tenant.labels', () => {
  async function labelClient(limit: number) {
    const tenant = await ownerOfFreshTenant();
    await setQuota(tenant.owner.tenantId, 'tenant.labels', limit);
    return tenant;
  }
  const labelCount = (tenantId: string) => businessCount(tenantId, 'SELECT count(*) AS n FROM labels');

  it('creates up to the limit, refuses the next with quota.exceeded, and writes no label', async () => {
    const { owner, client } = await labelClient(3);
    for (const name of ['one', 'two', 'three']) expect((await client.post('/api/v1/records/labels', { name })).statusCode).toBe(201);
    expectQuotaExceeded(await client.post('/api/v1/records/labels', { name: 'four' }), 'tenant.labels', 3, 3);
    expect(await labelCount(owner.tenantId)).toBe(3);
  });

  it(`${PARALLEL} parallel creates at the edge end exactly at the limit`, async () => {
    const { owner, client } = await labelClient(7);
    const responses = await Promise.all(Array.from({ length: PARALLEL }, (_, index) => client.post('/api/v1/records/labels', { name: `race ${index}` })));
    expect(responses.map((response) => response.statusCode).sort()).toEqual([...Array(7).fill(201), ...Array(PARALLEL - 7).fill(409)]);
    expect(await labelCount(owner.tenantId)).toBe(7);
  });

  it("one tenant's override leaves another tenant on the installation's limit", async () => {
    const { client: raised } = await labelClient(1);
    expect((await raised.post('/api/v1/records/labels', { name: 'only' })).statusCode).toBe(201);
    expect((await raised.post('/api/v1/records/labels', { name: 'second' })).statusCode).toBe(409);
    const { client: otherClient } = await ownerOfFreshTenant();
    for (const name of ['only', 'second']) expect((await otherClient.post('/api/v1/records/labels', { name })).statusCode).toBe(201);
  });
});

interface QuotaTenant {
  readonly owner: TestMember;
  readonly client: SuiteClient;
  /** The record tasks and notes hang on (made before the quota is set), else ''. */
  readonly recordId: string;
}

/** One create a tenant quota bounds, through the API, and the rows of its kind the database holds. */
interface BoundedCreate {
  readonly key: QuotaKey;
  readonly onRecord?: boolean;
  create(tenant: QuotaTenant, index: number): Promise<LightMyRequestResponse>;
  stored(tenantId: string): Promise<number>;
}

const inAMonth = () => new Date(clock.now().getTime() + 30 * 24 * 3600_000).toISOString();

const BOUNDED_CREATES: readonly BoundedCreate[] = [
  {
    key: 'tenant.records',
    create: ({ client }, index) => client.post('/api/v1/records/people', { name: `Person ${index}` }),
    stored: (tenantId) => businessCount(tenantId, 'SELECT count(*) AS n FROM records'),
  },
  {
    key: 'tenant.tasks',
    onRecord: true,
    create: ({ client, owner, recordId }, index) => client.post(`/api/v1/records/entries/${recordId}/tasks`, { title: `Task ${index}`, assigneeId: owner.id, dueOn: '2026-07-31' }),
    stored: (tenantId) => businessCount(tenantId, 'SELECT count(*) AS n FROM record_tasks'),
  },
  {
    key: 'tenant.notes',
    onRecord: true,
    create: ({ client, recordId }, index) => client.post(`/api/v1/records/entries/${recordId}/notes`, { body: `Note ${index}` }),
    stored: (tenantId) => businessCount(tenantId, 'SELECT count(*) AS n FROM record_notes'),
  },
  {
    key: 'tenant.webhooks',
    // A public address literal: saved without a DNS lookup, and nothing in these tenants is delivered.
    create: ({ client }, index) => client.post('/api/v1/webhooks/endpoints', { url: `https://1.1.1.1/hooks/${index}` }),
    stored: (tenantId) => businessCount(tenantId, 'SELECT count(*) AS n FROM webhook_endpoints'),
  },
  {
    key: 'tenant.api_tokens',
    create: ({ client }, index) => client.post('/api/v1/account/tokens', { name: `Token ${index}`, scopes: ['records:read'], expiresAt: inAMonth() }),
    stored: (tenantId) => count('SELECT count(*) AS n FROM api_tokens WHERE tenant_id = $1', [tenantId]),
  },
  {
    key: 'tenant.pending_invitations',
    create: ({ client }) => client.post('/api/v1/tenant/invitations', { email: `invitee-${randomUUID()}@example.test`, role: 'member' }),
    stored: pendingInvitations,
  },
];

async function quotaTenant(bounded: BoundedCreate, limit: number): Promise<QuotaTenant> {
  const { owner, client } = await ownerOfFreshTenant();
  let recordId = '';
  if (bounded.onRecord) {
    const holder = await client.post('/api/v1/records/people', { name: 'Holder' });
    expect(holder.statusCode, holder.body).toBe(201);
    recordId = (holder.json() as { id: string }).id;
  }
  await setQuota(owner.tenantId, bounded.key, limit);
  return { owner, client, recordId };
}

describe.each(BOUNDED_CREATES)('$key', (bounded) => {
  it('creates up to the limit, refuses the next with quota.exceeded, and writes no row', async () => {
    const tenant = await quotaTenant(bounded, 3);
    for (const index of [1, 2, 3]) {
      const created = await bounded.create(tenant, index);
      expect(created.statusCode, created.body).toBe(201);
    }
    expectQuotaExceeded(await bounded.create(tenant, 4), bounded.key, 3, 3);
    expect(await bounded.stored(tenant.owner.tenantId)).toBe(3);
  });

  it(`${PARALLEL} parallel creates at the edge end exactly at the limit`, async () => {
    const tenant = await quotaTenant(bounded, 7);
    const responses = await Promise.all(Array.from({ length: PARALLEL }, (_, index) => bounded.create(tenant, index)));
    expect(responses.map((response) => response.statusCode).sort()).toEqual([...Array(7).fill(201), ...Array(PARALLEL - 7).fill(409)]);
    const refusals = responses.filter((response) => response.statusCode === 409).map((response) => (response.json() as { error: { code: string } }).error.code);
    expect(refusals).toEqual(Array(PARALLEL - 7).fill('quota.exceeded'));
    expect(await bounded.stored(tenant.owner.tenantId)).toBe(7);
  });
});

describe('CSV import: tenant.records and installation.import_rows', () => {
  const upload = (client: SuiteClient, csv: string) =>
    client.request({ method: 'POST', url: '/api/v1/records/imports?kind=person', payload: csv, headers: { 'content-type': 'text/csv' } });
  const csvOf = (rows: number, prefix = 'Imported') => `name\r\n${Array.from({ length: rows }, (_, index) => `${prefix} ${index}\r\n`).join('')}`;
  const records = (tenantId: string) => businessCount(tenantId, 'SELECT count(*) AS n FROM records');

  it('refuses as a whole an import that would take the tenant past tenant.records, storing none of it', async () => {
    const { owner, client } = await ownerOfFreshTenant();
    await setQuota(owner.tenantId, 'tenant.records', 4);
    expect((await client.post('/api/v1/records/people', { name: 'By hand' })).statusCode).toBe(201);
    expect((await upload(client, csvOf(2))).statusCode).toBe(201);
    // Two more would make five: neither is stored, although one would have fitted.
    expectQuotaExceeded(await upload(client, csvOf(2, 'Too many')), 'tenant.records', 3, 4);
    expect(await records(owner.tenantId)).toBe(3);
    expect(await businessCount(owner.tenantId, "SELECT count(*) AS n FROM record_activity WHERE action = 'imported'")).toBe(2);
    expect((await upload(client, csvOf(1, 'Last'))).statusCode).toBe(201);
    expect(await records(owner.tenantId)).toBe(4);
  });

  it(`${PARALLEL} parallel imports at the edge end exactly at the limit`, async () => {
    const { owner, client } = await ownerOfFreshTenant();
    await setQuota(owner.tenantId, 'tenant.records', 10);
    const responses = await Promise.all(Array.from({ length: PARALLEL }, (_, index) => upload(client, csvOf(2, `Race ${index}`))));
    expect(responses.map((response) => response.statusCode).sort()).toEqual([...Array(5).fill(201), ...Array(PARALLEL - 5).fill(409)]);
    expect(await records(owner.tenantId)).toBe(10);
  });

  it('refuses a file of more rows than installation.import_rows while it streams, storing nothing', async () => {
    const { owner, client } = await ownerOfFreshTenant();
    const atTheLimit = await upload(client, csvOf(IMPORT_ROWS));
    expect(atTheLimit.statusCode, atTheLimit.body).toBe(201);
    expectQuotaExceeded(await upload(client, csvOf(IMPORT_ROWS + 1, 'Over')), 'installation.import_rows', IMPORT_ROWS + 1, IMPORT_ROWS);
    expect(await records(owner.tenantId)).toBe(IMPORT_ROWS);
  });
});

describe("the tenant's members page", () => {
  it('shows owners the usage against every enforced tenant quota, overrides included', async () => {
    const { owner, client } = await ownerOfFreshTenant();
    await setQuota(owner.tenantId, 'tenant.labels', 9);
    await setQuota(owner.tenantId, 'tenant.records', 12);
    const creates = [
      await client.post('/api/v1/records/labels', { name: 'counted' }),
      await client.post('/api/v1/tenant/invitations', { email: `usage-${randomUUID()}@example.test`, role: 'member' }),
      await client.post('/api/v1/webhooks/endpoints', { url: 'https://1.1.1.1/usage' }),
      await client.post('/api/v1/account/tokens', { name: 'Usage', scopes: ['records:read'], expiresAt: inAMonth() }),
    ];
    const person = await client.post('/api/v1/records/people', { name: 'Counted person' });
    const recordId = (person.json() as { id: string }).id;
    creates.push(
      person,
      await client.post(`/api/v1/records/entries/${recordId}/notes`, { body: 'Counted note' }),
      await client.post(`/api/v1/records/entries/${recordId}/tasks`, { title: 'Counted task', assigneeId: owner.id, dueOn: '2026-07-31' }),
    );
    for (const created of creates) expect(created.statusCode, created.body).toBe(201);
    const page = await client.request({ method: 'GET', url: '/tenant/members', headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    const row = (key: string) => new RegExp(`<tr data-quota="${key.replace('.', '\\.')}">.*?<td>(\\d+)</td><td>(\\d+)</td></tr>`).exec(page.body)?.slice(1);
    expect(row('tenant.labels')).toEqual(['1', '9']);
    expect(row('tenant.members')).toEqual(['2', '50']);
    expect(row('tenant.pending_invitations')).toEqual(['1', '20']);
    expect(row('tenant.emails_per_hour')).toEqual(['1', '100']);
    expect(row('tenant.api_tokens')).toEqual(['1', '50']);
    expect(row('tenant.records')).toEqual(['1', '12']);
    expect(row('tenant.tasks')).toEqual(['1', '100000']);
    expect(row('tenant.notes')).toEqual(['1', '100000']);
    expect(row('tenant.webhooks')).toEqual(['1', '20']);
  });
});
