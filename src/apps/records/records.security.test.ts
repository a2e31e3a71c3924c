/**
 * The attack: a member of tenant A goes after tenant B's customers through the records API. She
 * reads, tags, annotates, assigns and reveals with B's record ids (leaked or guessed), links her
 * people to B's companies, and looks B's customers up by SSN. Separately, someone who walks up to
 * an unlocked session (MFA done an hour ago) tries to reveal SSNs in full. And an attacker with a
 * copy of the database (a superuser, a backup) scans every column for the SSNs and dates of birth
 * that were entered, reads the logs, or copies one customer's ciphertext onto another row, column
 * or tenant to have the app decrypt it for her. Each must find nothing: 404 or 422 with nothing
 * written, a refused reveal, only ciphertext at rest and in no log line, and ciphertext that
 * opens only where it was sealed.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { createTestTenant } from '../../../test/support/test-platform.js';
import { testPrincipalHeader, testResolvers } from '../../../test/support/test-resolvers.js';
import { useTestSuite } from '../../../test/support/test-suite.js';
import { captureLogs } from '../../../test/support/captured-logger.js';
import { testEnv } from '../../../test/support/test-platform.js';
import { loadConfig } from '../../config/index.js';
import { ManualClock } from '../../platform/clock.js';
import { openPlatform } from '../../platform/open-platform.js';
import { buildSuite } from '../../suite.js';

const clock = new ManualClock(new Date('2031-05-06T07:08:09Z'));
const suite = useTestSuite({ resolvers: testResolvers, clock });

function as(tenantId: string, options: { mfaVerifiedAt?: Date | null; subject?: string } = {}) {
  const headers = testPrincipalHeader({ tenantId, subject: options.subject ?? randomUUID(), mfaVerifiedAt: options.mfaVerifiedAt?.toISOString() ?? null });
  return {
    post: (url: string, payload: object) => suite.app.inject({ method: 'POST', url, payload, headers }),
    get: (url: string) => suite.app.inject({ method: 'GET', url, headers }),
  };
}

async function rowCount(tenantId: string, sql: string): Promise<number> {
  return suite.platform.businessDb.withTenant(tenantId, async (tx) => (await tx.query(sql)).rowCount ?? 0);
}

describe("another tenant's ids", () => {
  it('are 404 or 422, the same as ids that exist nowhere, and nothing is written', async () => {
    const tenantA = await createTestTenant(suite.platform);
    const tenantB = await createTestTenant(suite.platform);
    const b = as(tenantB);
    const personOfB = (await b.post('/api/v1/records/people', { name: 'B customer', ssn: '345-67-8901' })).json().id as string;
    const companyOfB = (await b.post('/api/v1/records/companies', { name: 'B company' })).json().id as string;
    const labelOfB = (await b.post('/api/v1/records/labels', { name: 'b-label' })).json().id as string;
    const a = as(tenantA, { mfaVerifiedAt: clock.now() });
    const personOfA = (await a.post('/api/v1/records/people', { name: 'A customer' })).json().id as string;

    for (const id of [personOfB, randomUUID()]) {
      for (const url of [`/api/v1/records/people/${id}`, `/api/v1/records/entries/${id}/activity`, `/api/v1/records/entries/${id}/notes`]) {
        const response = await a.get(url);
        expect(response.statusCode, url).toBe(404);
        expect(response.json()).toEqual({ error: { code: 'record.not_found', message: expect.any(String) } });
      }
      for (const [url, body] of [
        [`/api/v1/records/entries/${id}/notes`, { body: 'hello' }],
        [`/api/v1/records/entries/${id}/reveal`, { field: 'ssn' }],
        [`/api/v1/records/entries/${id}/labels`, { labelId: randomUUID() }],
        [`/api/v1/records/entries/${id}/tasks`, { title: 'call', assigneeId: randomUUID(), dueOn: '2031-06-01' }],
        [`/api/v1/records/people/${id}/links`, { companyId: randomUUID() }],
      ] as const) {
        const response = await a.post(url, body);
        expect(response.statusCode, url).toBe(404);
        expect(response.json().error.code).toBe('record.not_found');
      }
    }
    const linked = await a.post(`/api/v1/records/people/${personOfA}/links`, { companyId: companyOfB });
    expect(linked.statusCode).toBe(422);
    expect(linked.json().error.code).toBe('record.company_not_found');
    const tagged = await a.post(`/api/v1/records/entries/${personOfA}/labels`, { labelId: labelOfB });
    expect(tagged.json().error.code).toBe('record.label_not_found');
    const created = await a.post('/api/v1/records/people', { name: 'Smuggler', companyId: companyOfB });
    expect(created.json().error.code).toBe('record.company_not_found');

    // A's lookup by B's customer's SSN finds nothing: the blind index is keyed per tenant.
    expect((await a.post('/api/v1/records/lookup', { ssn: '345-67-8901' })).json().items).toEqual([]);
    expect((await a.get('/api/v1/records/people')).json().items.map((record: { name: string }) => record.name)).toEqual(['A customer']);

    expect(await rowCount(tenantA, 'SELECT 1 FROM record_links')).toBe(0);
    expect(await rowCount(tenantA, 'SELECT 1 FROM record_labels')).toBe(0);
    expect(await rowCount(tenantA, 'SELECT 1 FROM record_notes')).toBe(0);
    expect(await rowCount(tenantB, 'SELECT 1 FROM record_notes')).toBe(0);
    expect(await rowCount(tenantB, "SELECT 1 FROM record_activity WHERE action <> 'created'")).toBe(0);
  });
});

describe('revealing a sensitive field', () => {
  it('is refused without an MFA proof in the last 5 minutes, and allowed (and audited, without the value) with one', async () => {
    const tenant = await createTestTenant(suite.platform);
    const actor = randomUUID();
    const created = await as(tenant).post('/api/v1/records/people', { name: 'Revealed', ssn: '456-78-9012', dateOfBirth: '1970-01-02' });
    const id = created.json().id as string;
    const reveal = (mfaVerifiedAt: Date | null) => as(tenant, { subject: actor, mfaVerifiedAt }).post(`/api/v1/records/entries/${id}/reveal`, { field: 'ssn' });

    for (const proof of [null, new Date(clock.now().getTime() - 5 * 60_000 - 1000), new Date(clock.now().getTime() - 3_600_000)]) {
      const refused = await reveal(proof);
      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toEqual({ error: { code: 'record.reveal_needs_fresh_mfa', message: expect.any(String) } });
    }
    expect(await rowCount(tenant, "SELECT 1 FROM record_activity WHERE action = 'field_revealed'")).toBe(0);

    const allowed = await reveal(new Date(clock.now().getTime() - 4 * 60_000));
    expect(allowed.statusCode).toBe(200);
    expect(allowed.json()).toEqual({ field: 'ssn', value: '456-78-9012' });
    expect(allowed.headers['cache-control']).toBe('no-store');

    const events = await suite.platform.businessDb.withTenant(tenant, async (tx) =>
      (await tx.query<{ actor_id: string; record_id: string; detail: unknown }>("SELECT actor_id, record_id, detail FROM record_activity WHERE action = 'field_revealed'")).rows,
    );
    expect(events).toEqual([{ actor_id: actor, record_id: id, detail: { field: 'ssn' } }]);
    // The platform audit log has it too, with the tenant, and again never the value.
    const audited = await suite.platform.identityDb.query<{ actor_id: string; tenant_id: string; metadata: unknown; target_id: string }>(
      "SELECT actor_id, tenant_id, metadata, target_id FROM platform_audit_log WHERE action = 'records.field.revealed' AND actor_id = $1",
      [actor],
    );
    expect(audited.rows).toEqual([{ actor_id: actor, tenant_id: tenant, metadata: { field: 'ssn' }, target_id: id }]);
    // The masked answers never carry more than the last 4 characters.
    const read = await as(tenant).get(`/api/v1/records/people/${id}`);
    expect(read.body).not.toContain('456-78');
    expect(read.body).not.toContain('1970');
  });
});

describe('a short sensitive value', () => {
  it('is masked whole in the API answer and on the page: 4 characters or fewer never show, even in part', async () => {
    const tenant = await createTestTenant(suite.platform);
    const created = await as(tenant).post('/api/v1/records/people', { name: 'Short ids', taxId: 'Q7Z3', licenceNumber: 'K9W2X' });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    const read = await as(tenant).get(`/api/v1/records/people/${id}`);
    expect(read.json().sensitive).toMatchObject({ taxId: { masked: '••••', available: true }, licenceNumber: { masked: '•••X', available: true } });
    const page = await suite.app.inject({ method: 'GET', url: `/records/people/${id}`, headers: { accept: 'text/html', ...testPrincipalHeader({ tenantId: tenant }) } });
    expect(page.statusCode).toBe(200);
    for (const leak of ['Q7Z3', '7Z3', 'K9W2X', 'W2X']) {
      expect(read.body).not.toContain(leak);
      expect(page.body).not.toContain(leak);
    }
  });
});

/** A superuser connection to the business database: what an attacker with the server (or a backup) has. */
async function superuserClient(): Promise<pg.Client> {
  const superuser = new URL(inject('testDatabases').adminUrl);
  superuser.pathname = new URL(suite.platform.databaseUrls.business).pathname;
  const client = new pg.Client({ connectionString: superuser.toString() });
  await client.connect();
  return client;
}

describe('moved ciphertext', () => {
  it('does not open on another row, in another column or in another tenant', async () => {
    const tenantA = await createTestTenant(suite.platform);
    const tenantB = await createTestTenant(suite.platform);
    const fresh = { mfaVerifiedAt: clock.now() };
    const create = async (tenant: string, body: object) => (await as(tenant).post('/api/v1/records/people', body)).json().id as string;
    const source = await create(tenantA, { name: 'Source', ssn: '234-56-7801', dateOfBirth: '1980-03-04' });
    const sameTenant = await create(tenantA, { name: 'Same tenant', ssn: '345-67-8012' });
    const otherTenant = await create(tenantB, { name: 'Other tenant', ssn: '456-78-0123' });
    const client = await superuserClient();
    try {
      await client.query('UPDATE records SET ssn_sealed = (SELECT ssn_sealed FROM records WHERE id = $1) WHERE id = ANY($2)', [source, [sameTenant, otherTenant]]);
      await client.query('UPDATE records SET dob_sealed = ssn_sealed WHERE id = $1', [source]);
    } finally {
      await client.end();
    }
    for (const [tenant, id, field] of [
      [tenantA, sameTenant, 'ssn'],
      [tenantB, otherTenant, 'ssn'],
      [tenantA, source, 'dateOfBirth'],
    ] as const) {
      const reveal = await as(tenant, fresh).post(`/api/v1/records/entries/${id}/reveal`, { field });
      expect(reveal.statusCode).toBe(409);
      expect(reveal.json().error.code).toBe('record.field_unavailable');
      expect(reveal.body).not.toContain('7801');
      const read = await as(tenant).get(`/api/v1/records/people/${id}`);
      expect(read.json().sensitive[field]).toEqual({ masked: 'unavailable', available: false });
    }
    // The original still opens where it was sealed.
    expect((await as(tenantA, fresh).post(`/api/v1/records/entries/${source}/reveal`, { field: 'ssn' })).json().value).toBe('234-56-7801');
  });
});

describe('the logs', () => {
  it('never carry a sensitive value, whatever the request did', async () => {
    const logs = captureLogs('trace');
    const platform = await openPlatform(loadConfig(testEnv(), process.cwd()), logs.logger, { clock });
    const { app } = await buildSuite(platform, testResolvers);
    try {
      const tenant = await createTestTenant(platform);
      const headers = testPrincipalHeader({ tenantId: tenant, subject: randomUUID(), mfaVerifiedAt: clock.now().toISOString() });
      const created = await app.inject({ method: 'POST', url: '/api/v1/records/people', payload: { name: 'Logged', ssn: '789-01-2345', dateOfBirth: '1977-08-09' }, headers });
      expect(created.statusCode).toBe(201);
      await app.inject({ method: 'POST', url: `/api/v1/records/entries/${created.json().id}/reveal`, payload: { field: 'ssn' }, headers });
      await app.inject({ method: 'POST', url: '/api/v1/records/lookup', payload: { ssn: '789-01-2345' }, headers });
      await app.inject({ method: 'POST', url: '/api/v1/records/people', payload: { name: 'Bad', ssn: '789-01-234X' }, headers });
      await app.inject({ method: 'POST', url: '/api/v1/records/imports?kind=person', payload: 'name,ssn\r\nRow,890-12-3456\r\nBad,890-12\r\n', headers: { ...headers, 'content-type': 'text/csv' } });
      const text = logs.text();
      expect(text.length).toBeGreaterThan(0);
      for (const needle of ['789-01-2345', '789012345', '1977-08-09', '789-01-234X', '890-12-3456', '890-12\r']) expect(text).not.toContain(needle);
    } finally {
      await app.close();
      await platform.close();
    }
  });
});

describe('at rest', () => {
  it('holds no plaintext SSN or date of birth in any column of any business table (superuser scan)', async () => {
    const tenant = await createTestTenant(suite.platform);
    const api = as(tenant);
    const secrets = [
      { ssn: '567-89-0123', dateOfBirth: '1961-07-14' },
      { ssn: '678-90-1234', dateOfBirth: '1999-11-30' },
    ];
    for (const [index, secret] of secrets.entries()) {
      const response = await api.post('/api/v1/records/people', { name: `Scanned ${index}`, ...secret, licenceNumber: `SCANLIC${index}99`, taxId: `SCANTAX${index}77` });
      expect(response.statusCode).toBe(201);
    }
    const company = await api.post('/api/v1/records/companies', { name: 'Scanned Co', ein: '98-7654321' });
    expect(company.statusCode).toBe(201);

    const needles = secrets.flatMap((secret) => [secret.ssn, secret.ssn.replaceAll('-', ''), secret.dateOfBirth]).concat(['SCANLIC099', 'SCANTAX077', '98-7654321', '987654321']);
    const client = await superuserClient();
    try {
      const { rows: columns } = await client.query<{ table_name: string; column_name: string }>(
        `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'
         AND table_name IN (SELECT tablename FROM pg_tables WHERE schemaname = 'public')`,
      );
      expect(columns.some((column) => column.column_name === 'ssn_sealed')).toBe(true);
      for (const { table_name, column_name } of columns) {
        for (const needle of needles) {
          const { rows } = await client.query(`SELECT 1 FROM ${pg.escapeIdentifier(table_name)} WHERE ${pg.escapeIdentifier(column_name)}::text LIKE $1 LIMIT 1`, [`%${needle}%`]);
          expect(rows, `${needle} in ${table_name}.${column_name}`).toEqual([]);
        }
      }
      // And the sealed column really holds something: ciphertext, not an empty shell.
      const { rows } = await client.query<{ ssn_sealed: string }>("SELECT ssn_sealed FROM records WHERE name = 'Scanned 0'");
      expect(rows[0]!.ssn_sealed.length).toBeGreaterThan(20);
    } finally {
      await client.end();
    }
  });
});
