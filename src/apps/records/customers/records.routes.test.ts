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
    expect(body.links).toEqual({ items: [{ id: company.json().id, kind: 'company', name: 'Acme Ltd', role: null }], nextCursor: null, prevCursor: null });
    expect(JSON.stringify(body)).not.toContain('123-45-6789');

    const read = await api.get(`/api/v1/records/people/${body.id}`);
    expect(read.json().sensitive.ssn.masked).toBe('•••6789');
    // A person is not a company: the kind is part of the address.
    expect((await api.get(`/api/v1/records/companies/${body.id}`)).statusCode).toBe(404);
    const timeline = await api.get(`/api/v1/records/entries/${body.id}/activity`);
    expect(timeline.json().items.map((event: { action: string }) => event.action)).toEqual(['created']);
  });

  it('tags and links once: doing it again (or at once) keeps one tag, one link and one timeline entry each', async () => {
    const api = as(await createTestTenant(suite.platform));
    const company = (await api.post('/api/v1/records/companies', { name: 'Again Ltd' })).json().id as string;
    const person = (await api.post('/api/v1/records/people', { name: 'Ann Again' })).json().id as string;
    const label = (await api.post('/api/v1/records/labels', { name: 'again' })).json().id as string;
    const twice = async (url: string, payload: object) => [await api.post(url, payload), ...(await Promise.all([1, 2, 3].map(() => api.post(url, payload))))];
    for (const answer of await twice(`/api/v1/records/entries/${person}/labels`, { labelId: label })) expect(answer.statusCode, answer.body).toBe(204);
    for (const answer of await twice(`/api/v1/records/people/${person}/links`, { companyId: company, role: 'buyer' })) expect(answer.statusCode, answer.body).toBe(204);

    const actions = async (id: string) => (await api.get(`/api/v1/records/entries/${id}/activity`)).json().items.map((event: { action: string }) => event.action);
    expect(await actions(person)).toEqual(['linked', 'tagged', 'created']);
    expect(await actions(company)).toEqual(['linked', 'created']);
    expect((await api.get(`/api/v1/records/entries/${person}/labels`)).json().items).toHaveLength(1);
    expect((await api.get(`/api/v1/records/entries/${person}/links`)).json().items).toEqual([{ id: company, kind: 'company', name: 'Again Ltd', role: 'buyer' }]);
  });

  it('finds a person by exact SSN through the blind index, however it was typed', async () => {
    const api = as(await createTestTenant(suite.platform));
    const created = await api.post('/api/v1/records/people', { name: 'Grace Hopper', ssn: '234-56-7890' });
    const found = await api.post('/api/v1/records/lookup', { ssn: '234567890' });
    expect(found.statusCode).toBe(200);
    expect(found.json().items.map((record: { id: string }) => record.id)).toEqual([created.json().id]);
    expect((await api.post('/api/v1/records/lookup', { ssn: '234-56-7891' })).json()).toEqual({ items: [], nextCursor: null, prevCursor: null });
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
    ['a date of birth in the future', '/api/v1/records/people', { name: 'x', dateOfBirth: '2999-01-01' }],
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

const names = (page: { items: Array<{ name: string }> }) => page.items.map((record) => record.name);

describe('lists', () => {
  it('pages by keyset with an opaque cursor both ways, sorts, searches the non-sensitive fields and filters by label', async () => {
    const api = as(await createTestTenant(suite.platform));
    const label = (await api.post('/api/v1/records/labels', { name: 'vip' })).json();
    for (const name of ['Delta Dawn', 'alpha Ames', 'Charlie Chan', 'bravo Boyd', 'Echo Eve']) {
      await api.post('/api/v1/records/people', { name, email: `${name.split(' ')[0]!.toLowerCase()}@example.test`, ...(name.startsWith('C') ? { labelIds: [label.id] } : {}) });
    }
    const first = (await api.get('/api/v1/records/people?limit=2')).json();
    expect([names(first), first.prevCursor]).toEqual([['alpha Ames', 'bravo Boyd'], null]);
    const second = (await api.get(`/api/v1/records/people?limit=2&cursor=${first.nextCursor}`)).json();
    expect(names(second)).toEqual(['Charlie Chan', 'Delta Dawn']);
    const third = (await api.get(`/api/v1/records/people?limit=2&cursor=${second.nextCursor}`)).json();
    expect(third).toEqual({ items: [expect.objectContaining({ name: 'Echo Eve' })], nextCursor: null, prevCursor: expect.any(String) });
    const back = (await api.get(`/api/v1/records/people?limit=2&cursor=${third.prevCursor}`)).json();
    expect(names(back)).toEqual(['Charlie Chan', 'Delta Dawn']);

    expect(names((await api.get('/api/v1/records/people?q=cha')).json())).toEqual(['Charlie Chan']);
    expect(names((await api.get('/api/v1/records/people?q=delta%40example')).json())).toEqual(['Delta Dawn']);
    expect(names((await api.get(`/api/v1/records/people?labelId=${label.id}`)).json())).toEqual(['Charlie Chan']);
    expect((await api.get('/api/v1/records/people?q=nobody')).json()).toEqual({ items: [], nextCursor: null, prevCursor: null });
  });

  it('pages by date added too, in creation order, and answers 25 by default', async () => {
    const tenant = await createTestTenant(suite.platform);
    const api = as(tenant);
    for (const name of ['Zed', 'Amy', 'Kim']) await api.post('/api/v1/records/companies', { name });
    const first = (await api.get('/api/v1/records/companies?sort=created&limit=2')).json();
    expect(names(first)).toEqual(['Zed', 'Amy']);
    const second = (await api.get(`/api/v1/records/companies?sort=created&limit=2&cursor=${first.nextCursor}`)).json();
    expect(second).toEqual({ items: [expect.objectContaining({ name: 'Kim' })], nextCursor: null, prevCursor: expect.any(String) });

    await suite.platform.businessDb.withTenant(tenant, (tx) =>
      tx.query("INSERT INTO records (tenant_id, id, kind, name) SELECT $1, gen_random_uuid(), 'company', 'Bulk ' || n FROM generate_series(1, 30) AS n", [tenant]),
    );
    const page = (await api.get('/api/v1/records/companies')).json();
    expect([page.items.length, page.nextCursor === null]).toEqual([25, false]);
  });

  it('pages on from a name as long as a name may be, in three-byte characters', async () => {
    const api = as(await createTestTenant(suite.platform));
    for (const name of ['名'.repeat(200), '名'.repeat(199) + '后']) expect((await api.post('/api/v1/records/people', { name })).statusCode).toBe(201);
    const first = (await api.get('/api/v1/records/people?limit=1')).json();
    const second = await api.get(`/api/v1/records/people?limit=1&cursor=${first.nextCursor}`);
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json().items).toHaveLength(1);
  });

  it('refuses a forged cursor and a page size past its maximum with a 400 in the envelope', async () => {
    const api = as(await createTestTenant(suite.platform));
    const cursor = (key: string, id: string = randomUUID()) => Buffer.from(JSON.stringify({ d: 'a', k: [key, id] })).toString('base64url');
    for (const url of [
      `/api/v1/records/people?sort=created&cursor=${cursor('amy')}`,
      `/api/v1/records/people?cursor=${cursor('a\u0000b')}`,
      `/api/v1/records/people?cursor=${cursor('amy', 'not-a-uuid')}`,
      '/api/v1/records/people?cursor=not-a-cursor',
    ]) {
      const response = await api.get(url);
      expect([response.statusCode, response.json().error.code], url).toEqual([400, 'page.invalid_cursor']);
    }
    for (const limit of [0, 101, 100000]) {
      const response = await api.get(`/api/v1/records/people?limit=${limit}`);
      expect([response.statusCode, response.json().error.code]).toEqual([400, 'request.invalid']);
    }
  });
});

describe('what a record embeds, and the lists that continue it', () => {
  it('embeds the first page of its links and tags, and pages the rest through /links and /labels', async () => {
    const tenant = await createTestTenant(suite.platform);
    const api = as(tenant);
    const company = (await api.post('/api/v1/records/companies', { name: 'Big Co' })).json();
    await suite.platform.businessDb.withTenant(tenant, async (tx) => {
      await tx.query("INSERT INTO records (tenant_id, id, kind, name) SELECT $1, gen_random_uuid(), 'person', 'Employee ' || lpad(n::text, 2, '0') FROM generate_series(1, 25) AS n", [tenant]);
      // One link per person, made a second apart in name order, so "oldest link first" is checkable.
      await tx.query(
        `INSERT INTO record_links (tenant_id, person_id, company_id, created_at)
         SELECT $1, id, $2, now() - interval '1 hour' + row_number() OVER (ORDER BY name) * interval '1 second' FROM records WHERE kind = 'person'`,
        [tenant, company.id],
      );
      await tx.query("INSERT INTO labels (tenant_id, name) SELECT $1, 'tag ' || lpad(n::text, 2, '0') FROM generate_series(1, 22) AS n", [tenant]);
      await tx.query('INSERT INTO record_labels (tenant_id, record_id, label_id) SELECT $1, $2, id FROM labels', [tenant, company.id]);
    });
    const detail = (await api.get(`/api/v1/records/companies/${company.id}`)).json();
    expect(detail.links.items).toHaveLength(20);
    expect(detail.links.items[0]).toEqual(expect.objectContaining({ kind: 'person', name: 'Employee 01' }));
    expect(detail.labels.items.map((label: { name: string }) => label.name).slice(0, 2)).toEqual(['tag 01', 'tag 02']);

    const moreLinks = (await api.get(`/api/v1/records/entries/${company.id}/links?cursor=${detail.links.nextCursor}`)).json();
    expect([names(moreLinks), moreLinks.nextCursor]).toEqual([['Employee 21', 'Employee 22', 'Employee 23', 'Employee 24', 'Employee 25'], null]);
    const moreLabels = (await api.get(`/api/v1/records/entries/${company.id}/labels?cursor=${detail.labels.nextCursor}`)).json();
    expect([names(moreLabels), moreLabels.nextCursor]).toEqual([['tag 21', 'tag 22'], null]);
    const person = moreLinks.items[0].id;
    expect(names((await api.get(`/api/v1/records/entries/${person}/links`)).json())).toEqual(['Big Co']);
    expect((await api.get(`/api/v1/records/entries/${company.id}/links?limit=101`)).statusCode).toBe(400);
  });

  it('pages notes and the timeline newest first, and answers 404 for a record of another tenant', async () => {
    const tenant = await createTestTenant(suite.platform);
    const api = as(tenant);
    const person = (await api.post('/api/v1/records/people', { name: 'Noted' })).json();
    await suite.platform.businessDb.withTenant(tenant, async (tx) => {
      await tx.query("INSERT INTO record_notes (tenant_id, record_id, author_id, body, created_at) SELECT $1, $2, 'seed', 'note ' || n, now() + n * interval '1 second' FROM generate_series(1, 5) AS n", [tenant, person.id]);
      // Two events in the same microsecond: the id breaks the tie, so neither is lost between pages.
      await tx.query("INSERT INTO record_activity (tenant_id, record_id, actor_id, action, created_at) SELECT $1, $2, 'seed', 'tagged', now() + interval '1 minute' FROM generate_series(1, 2)", [tenant, person.id]);
    });
    const notes = (await api.get(`/api/v1/records/entries/${person.id}/notes?limit=3`)).json();
    expect(notes.items.map((note: { body: string }) => note.body)).toEqual(['note 5', 'note 4', 'note 3']);
    const older = (await api.get(`/api/v1/records/entries/${person.id}/notes?limit=3&cursor=${notes.nextCursor}`)).json();
    expect([older.items.map((note: { body: string }) => note.body), older.nextCursor]).toEqual([['note 2', 'note 1'], null]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Array<{ action: string }>; nextCursor: string | null } = (await api.get(`/api/v1/records/entries/${person.id}/activity?limit=1${cursor ? `&cursor=${cursor}` : ''}`)).json();
      seen.push(...page.items.map((event) => event.action));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['tagged', 'tagged', 'created']);

    const stranger = as(await createTestTenant(suite.platform));
    for (const list of ['notes', 'activity', 'links', 'labels']) {
      const response = await stranger.get(`/api/v1/records/entries/${person.id}/${list}`);
      expect([response.statusCode, response.json().error.code], list).toEqual([404, 'record.not_found']);
    }
  });
});
