/**
 * The attack: one free account on a shared installation fills it. It creates tenant after
 * tenant, invites hundreds of addresses (each one an email the installation sends), and files
 * label after label, and it sends its creates twenty at a time so that every request counts
 * "below the limit" before any of them inserts. Each quota must stop it exactly at the limit,
 * answer `quota.exceeded` naming the limit and the usage, and write nothing past it.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { createTestMember, signIn, uniqueTestAddress, type TestMember } from '../../../test/support/identity-members.js';
import { SuiteClient } from '../../../test/support/suite-client.js';
import { useTestSuite } from '../../../test/support/test-suite.js';
import { createTenantMirror } from '../tenancy/index.js';
import { createQuotaOverrides } from './quota-overrides.js';
import type { QuotaKey } from './quota-table.js';

const clock = new ManualClock(new Date('2026-07-01T09:00:00Z'));
const suite = useTestSuite({ clock, env: { LOG_LEVEL: 'silent' } });
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

  it('refuses the invitation past tenant.pending_invitations, and writes none', async () => {
    const owner = await createTestMember(suite.platform.identityDb, clock);
    await setQuota(owner.tenantId, 'tenant.pending_invitations', 2);
    const client = await signedIn(owner);
    expect((await invite(client)).statusCode).toBe(201);
    expect((await invite(client)).statusCode).toBe(201);
    expectQuotaExceeded(await invite(client), 'tenant.pending_invitations', 2, 2);
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

describe('tenant.labels', () => {
  async function labelClient(limit: number) {
    const owner = await createTestMember(suite.platform.identityDb, clock);
    await createTenantMirror(suite.platform.businessDb)({ id: owner.tenantId, name: 'Labels tenant' });
    await setQuota(owner.tenantId, 'tenant.labels', limit);
    return { owner, client: await signedIn(owner) };
  }
  const labelCount = (tenantId: string) =>
    suite.platform.businessDb.withTenant(tenantId, async (tx) => Number((await tx.query<{ n: string }>('SELECT count(*) AS n FROM labels')).rows[0]!.n));

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
    const other = await createTestMember(suite.platform.identityDb, clock);
    await createTenantMirror(suite.platform.businessDb)({ id: other.tenantId, name: 'Other tenant' });
    const otherClient = await signedIn(other);
    for (const name of ['only', 'second']) expect((await otherClient.post('/api/v1/records/labels', { name })).statusCode).toBe(201);
  });
});

describe("the tenant's members page", () => {
  it('shows owners the usage against each limit, overrides included', async () => {
    const owner = await createTestMember(suite.platform.identityDb, clock);
    await createTenantMirror(suite.platform.businessDb)({ id: owner.tenantId, name: 'Usage tenant' });
    await setQuota(owner.tenantId, 'tenant.labels', 9);
    const client = await signedIn(owner);
    expect((await client.post('/api/v1/records/labels', { name: 'counted' })).statusCode).toBe(201);
    expect((await client.post('/api/v1/tenant/invitations', { email: `usage-${randomUUID()}@example.test`, role: 'member' })).statusCode).toBe(201);
    const page = await client.request({ method: 'GET', url: '/tenant/members', headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    const row = (key: string) => new RegExp(`<tr data-quota="${key.replace('.', '\\.')}">.*?<td>(\\d+)</td><td>(\\d+)</td></tr>`).exec(page.body)?.slice(1);
    expect(row('tenant.labels')).toEqual(['1', '9']);
    expect(row('tenant.members')).toEqual(['2', '50']);
    expect(row('tenant.pending_invitations')).toEqual(['1', '20']);
    expect(row('tenant.emails_per_hour')).toEqual(['1', '100']);
  });
});
