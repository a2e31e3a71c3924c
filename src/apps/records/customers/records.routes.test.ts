import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTestTenant } from '../../../../test/support/test-platform.js';
import { testPrincipalHeader, testResolvers } from '../../../../test/support/test-resolvers.js';
import { useTestSuite } from '../../../../test/support/test-suite.js';

const suite = useTestSuite({ resolvers: testResolvers });

function as(tenantId: string) {
  const headers = testPrincipalHeader({ tenantId, subject: randomUUID() });
  return {
    post: (url: string, payload: object) => suite.app.inject({ method: 'POST', url, payload, headers }),
    get: (url: string) => suite.app.inject({ method: 'GET', url, headers }),
  };
}

describe('people and companies', () => {
  it('creates a company and a person linked to it, with sensitive fields masked to their last 4 characters', async () => {
    const api = as(await createTestTenant(suite.platform));
    const company = await api.post('/api/v1/records/companies', { name: 'Acme Ltd', email: 'hello@acme.example', ein: '12-3456789' });
    expect(company.statusCode, company.body).toBe(201);
    expect(company.json().sensitive.ein).toEqual({ masked: '•••6789', available: true });

    const person = await api.post('/api/v1/records/people', {
      name: 'Ada Lovelace',
      phone: '+44 20 7946 0000',
      ssn: '123456789',
      dateOfBirth: '1985-12-10',
      licenceNumber: 'lov-1815',
      companyId: company.json().id,
    });
    expect(person.statusCode, person.body).toBe(201);
    const body = person.json();
    expect(body.sensitive).toEqual({
      ssn: { masked: '•••6789', available: true },
      dateOfBirth: { masked: '•••2-10', available: true },
      licenceNumber: { masked: '•••1815', available: true },
      ein: null,
      taxId: null,
    });
    expect(body.links).toEqual([{ id: company.json().id, kind: 'company', name: 'Acme Ltd', role: null }]);
    expect(JSON.stringify(body)).not.toContain('123-45-6789');

    const read = await api.get(`/api/v1/records/people/${body.id}`);
    expect(read.json().sensitive.ssn.masked).toBe('•••6789');
    // A person is not a company: the kind is part of the address.
    expect((await api.get(`/api/v1/records/companies/${body.id}`)).statusCode).toBe(404);
    const timeline = await api.get(`/api/v1/records/entries/${body.id}/activity`);
    expect(timeline.json().activity.map((event: { action: string }) => event.action)).toEqual(['created']);
  });

  it('finds a person by exact SSN through the blind index, however it was typed', async () => {
    const api = as(await createTestTenant(suite.platform));
    const created = await api.post('/api/v1/records/people', { name: 'Grace Hopper', ssn: '234-56-7890' });
    const found = await api.post('/api/v1/records/lookup', { ssn: '234567890' });
    expect(found.statusCode).toBe(200);
    expect(found.json().records.map((record: { id: string }) => record.id)).toEqual([created.json().id]);
    expect((await api.post('/api/v1/records/lookup', { ssn: '234-56-7891' })).json().records).toEqual([]);
  });

  it.each([
    ['a malformed SSN', '/api/v1/records/people', { name: 'x', ssn: '12-345-678' }],
    ['an SSN that is never issued', '/api/v1/records/people', { name: 'x', ssn: '666-12-3456' }],
    ['a malformed EIN', '/api/v1/records/companies', { name: 'x', ein: '123-456789' }],
    ['an EIN on a person', '/api/v1/records/people', { name: 'x', ein: '12-3456789' }],
    ['an SSN on a company', '/api/v1/records/companies', { name: 'x', ssn: '123-45-6789' }],
    ['an oversized name', '/api/v1/records/people', { name: 'x'.repeat(201) }],
    ['an oversized address', '/api/v1/records/people', { name: 'x', address: 'y'.repeat(501) }],
    ['a bad date of birth', '/api/v1/records/people', { name: 'x', dateOfBirth: '1990-02-30' }],
    ['a control character', '/api/v1/records/people', { name: 'a\u0000b' }],
  ])('answers 400 request.invalid to %s and stores nothing', async (_, url, payload) => {
    const tenant = await createTestTenant(suite.platform);
    const response = await as(tenant).post(url, payload);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error.code).toBe('request.invalid');
    const count = await suite.platform.businessDb.withTenant(tenant, async (tx) => (await tx.query('SELECT 1 FROM records')).rowCount);
    expect(count).toBe(0);
  });

  it('answers 422 to a label or company that does not exist, and rolls the whole create back', async () => {
    const tenant = await createTestTenant(suite.platform);
    const api = as(tenant);
    const badLabel = await api.post('/api/v1/records/people', { name: 'Labelled', labelIds: [randomUUID()] });
    expect(badLabel.statusCode).toBe(422);
    expect(badLabel.json().error.code).toBe('record.label_not_found');
    const person = await api.post('/api/v1/records/people', { name: 'Not a company' });
    const badCompany = await api.post('/api/v1/records/people', { name: 'Linked', companyId: person.json().id });
    expect(badCompany.json().error.code).toBe('record.company_not_found');
    const names = await suite.platform.businessDb.withTenant(tenant, async (tx) => (await tx.query<{ name: string }>('SELECT name FROM records')).rows.map((row) => row.name));
    expect(names).toEqual(['Not a company']);
  });
});

describe('lists', () => {
  it('pages by keyset with an opaque cursor, sorts, searches the non-sensitive fields and filters by label', async () => {
    const api = as(await createTestTenant(suite.platform));
    const label = (await api.post('/api/v1/records/labels', { name: 'vip' })).json();
    for (const name of ['Delta Dawn', 'alpha Ames', 'Charlie Chan', 'bravo Boyd', 'Echo Eve']) {
      await api.post('/api/v1/records/people', { name, email: `${name.split(' ')[0]!.toLowerCase()}@example.test`, ...(name.startsWith('C') ? { labelIds: [label.id] } : {}) });
    }
    const first = (await api.get('/api/v1/records/people?limit=2')).json();
    expect(first.records.map((record: { name: string }) => record.name)).toEqual(['alpha Ames', 'bravo Boyd']);
    const second = (await api.get(`/api/v1/records/people?limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.records.map((record: { name: string }) => record.name)).toEqual(['Charlie Chan', 'Delta Dawn']);
    const third = (await api.get(`/api/v1/records/people?limit=2&cursor=${second.nextCursor}`)).json();
    expect(third).toEqual({ records: [expect.objectContaining({ name: 'Echo Eve' })], nextCursor: null });

    const search = (await api.get('/api/v1/records/people?q=cha')).json();
    expect(search.records.map((record: { name: string }) => record.name)).toEqual(['Charlie Chan']);
    const byEmail = (await api.get('/api/v1/records/people?q=delta%40example')).json();
    expect(byEmail.records.map((record: { name: string }) => record.name)).toEqual(['Delta Dawn']);
    const tagged = (await api.get(`/api/v1/records/people?labelId=${label.id}`)).json();
    expect(tagged.records.map((record: { name: string }) => record.name)).toEqual(['Charlie Chan']);
    expect((await api.get('/api/v1/records/people?q=nobody')).json()).toEqual({ records: [], nextCursor: null });
  });

  it('pages by date added too, in creation order', async () => {
    const api = as(await createTestTenant(suite.platform));
    for (const name of ['Zed', 'Amy', 'Kim']) await api.post('/api/v1/records/companies', { name });
    const first = (await api.get('/api/v1/records/companies?sort=created&limit=2')).json();
    expect(first.records.map((record: { name: string }) => record.name)).toEqual(['Zed', 'Amy']);
    const second = (await api.get(`/api/v1/records/companies?sort=created&limit=2&cursor=${first.nextCursor}`)).json();
    expect(second).toEqual({ records: [expect.objectContaining({ name: 'Kim' })], nextCursor: null });
  });

  it('refuses a forged cursor and an unbounded page size', async () => {
    const api = as(await createTestTenant(suite.platform));
    const cursor = (key: string) => Buffer.from(JSON.stringify([key, randomUUID()])).toString('base64url');
    for (const url of [`/api/v1/records/people?sort=created&cursor=${cursor('amy')}`, `/api/v1/records/people?cursor=${cursor('a\u0000b')}`]) {
      const response = await api.get(url);
      expect(response.statusCode, url).toBe(400);
      expect(response.json().error.code).toBe('record.invalid_cursor');
    }
    const forged = await api.get('/api/v1/records/people?cursor=not-a-cursor');
    expect(forged.statusCode).toBe(400);
    expect(forged.json().error.code).toBe('record.invalid_cursor');
    expect((await api.get('/api/v1/records/people?limit=100000')).statusCode).toBe(400);
  });
});
