import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { createTestMember, signIn, uniqueTestAddress, type TestMember } from '../../../test/support/identity-members.js';
import { SuiteClient } from '../../../test/support/suite-client.js';
import { useTestSuite } from '../../../test/support/test-suite.js';
import { createTenantMirror } from '../tenancy/index.js';
import { MAX_PAGE_LIMIT } from './page-schemas.js';

// Keyset paging as clients see it: bounded pages, a stable order, opaque cursors both ways,
// and a bad cursor or limit answered 400 in the envelope.

const clock = new ManualClock(new Date('2026-07-01T09:00:00Z'));
const suite = useTestSuite({ clock });

async function signedIn(member: TestMember): Promise<SuiteClient> {
  const client = new SuiteClient(suite.app, undefined, uniqueTestAddress());
  await signIn(client, member.email);
  return client;
}

interface PageBody {
  items: Array<{ name: string }>;
  nextCursor: string | null;
  prevCursor: string | null;
}

async function labelsClient(names: readonly string[]) {
  const owner = await createTestMember(suite.platform.identityDb, clock);
  await createTenantMirror(suite.platform.businessDb)({ id: owner.tenantId, name: 'Paged tenant' });
  const client = await signedIn(owner);
  for (const name of names) expect((await client.post('/api/v1/records/labels', { name })).statusCode).toBe(201);
  return client;
}

const page = async (client: SuiteClient, query: string) => {
  const response = await client.get(`/api/v1/records/labels?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as PageBody;
};
const names = (body: PageBody) => body.items.map((item) => item.name);

describe('keyset pages', () => {
  it('walks forward and back through a list with opaque cursors, in a stable order', async () => {
    const client = await labelsClient(['g', 'c', 'a', 'e', 'b', 'f', 'd']);
    const first = await page(client, 'limit=3');
    expect([names(first), first.prevCursor]).toEqual([['a', 'b', 'c'], null]);
    const second = await page(client, `limit=3&cursor=${first.nextCursor}`);
    expect(names(second)).toEqual(['d', 'e', 'f']);
    const third = await page(client, `limit=3&cursor=${second.nextCursor}`);
    expect([names(third), third.nextCursor]).toEqual([['g'], null]);
    const backToSecond = await page(client, `limit=3&cursor=${third.prevCursor}`);
    expect(names(backToSecond)).toEqual(['d', 'e', 'f']);
    const backToFirst = await page(client, `limit=3&cursor=${backToSecond.prevCursor}`);
    expect([names(backToFirst), backToFirst.prevCursor, backToFirst.nextCursor === null]).toEqual([['a', 'b', 'c'], null, false]);
  });

  it('neither repeats nor skips an item when rows are added between pages', async () => {
    const client = await labelsClient(['b', 'd', 'f']);
    const first = await page(client, 'limit=2');
    expect(names(first)).toEqual(['b', 'd']);
    expect((await client.post('/api/v1/records/labels', { name: 'a' })).statusCode).toBe(201);
    expect((await client.post('/api/v1/records/labels', { name: 'e' })).statusCode).toBe(201);
    expect(names(await page(client, `limit=2&cursor=${first.nextCursor}`))).toEqual(['e', 'f']);
  });

  it(`answers 50 items by default and refuses a limit past ${MAX_PAGE_LIMIT}`, async () => {
    const client = await labelsClient(Array.from({ length: 51 }, (_, index) => `label ${String(index).padStart(2, '0')}`));
    const first = await page(client, '');
    expect(first.items).toHaveLength(50);
    expect(first.nextCursor).not.toBeNull();
    for (const limit of [0, MAX_PAGE_LIMIT + 1, 1e9]) {
      const response = await client.get(`/api/v1/records/labels?limit=${limit}`);
      expect([response.statusCode, response.json().error.code]).toEqual([400, 'request.invalid']);
    }
  });

  it.each([
    ['garbage', 'not-a-cursor'],
    ['a cursor with too many keys', Buffer.from(JSON.stringify({ d: 'a', k: ['a', 'b'] })).toString('base64url')],
    ['a cursor with an unknown direction', Buffer.from(JSON.stringify({ d: 'x', k: ['a'] })).toString('base64url')],
    ['a cursor whose key is not text', Buffer.from(JSON.stringify({ d: 'a', k: [{ $gt: '' }] })).toString('base64url')],
  ])('answers 400 page.invalid_cursor to %s', async (_, cursor) => {
    const client = await labelsClient([]);
    const response = await client.get(`/api/v1/records/labels?cursor=${cursor}`);
    expect([response.statusCode, response.json().error.code]).toEqual([400, 'page.invalid_cursor']);
  });

  it('answers 400 page.invalid_cursor, not 500, to a forged key the database cannot read as a timestamp', async () => {
    const client = await signedIn(await createTestMember(suite.platform.identityDb, clock));
    const forged = Buffer.from(JSON.stringify({ d: 'a', k: ['not a time', '00000000-0000-0000-0000-000000000000'] })).toString('base64url');
    const response = await client.get(`/api/v1/auth/tenants?cursor=${forged}`);
    expect([response.statusCode, response.json().error.code]).toEqual([400, 'page.invalid_cursor']);
  });
});

describe('the /tenants page', () => {
  it('shows one page of tenants with next and previous links', async () => {
    const owner = await createTestMember(suite.platform.identityDb, clock);
    for (let index = 2; index <= 3; index++) {
      const { rows } = await suite.platform.identityDb.query<{ id: string }>('INSERT INTO tenants (name) VALUES ($1) RETURNING id', [`Tenant number ${index}`]);
      await suite.platform.identityDb.query("INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, 'owner')", [rows[0]!.id, owner.id]);
    }
    const client = await signedIn(owner);
    const first = await client.get('/tenants?limit=2');
    expect(first.statusCode).toBe(200);
    expect(first.body).not.toContain('rel="prev"');
    const next = /href="([^"]+)" rel="next"/.exec(first.body)?.[1]?.replaceAll('&amp;', '&');
    expect(next).toMatch(/^\/tenants\?cursor=/);
    const second = await client.get(`${next!}&limit=2`);
    expect(second.statusCode).toBe(200);
    expect(second.body).toContain('Tenant number 3');
    expect(second.body).toContain('rel="prev"');
    expect(second.body).not.toContain('rel="next"');
  });
});
