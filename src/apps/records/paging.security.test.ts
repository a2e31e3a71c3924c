/**
 * The attack: a member of tenant A crafts page cursors to reach what paging must not give her.
 * Cursors are opaque base64url JSON, so she decodes one, edits it and sends it back: with tenant
 * B's record name and id (a cursor "positioned" inside B's list), with SQL in the sort key, with
 * an id or timestamp the database cannot read, and with a cursor of one list sent to another.
 * And she asks for pages far past the maximum size. Each must answer only A's rows (a cursor is a
 * bound parameter under RLS, never SQL) or a 400 in the envelope, never a 500 or B's data.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTestTenant } from '../../../test/support/test-platform.js';
import { testPrincipalHeader, testResolvers } from '../../../test/support/test-resolvers.js';
import { useTestSuite } from '../../../test/support/test-suite.js';

const suite = useTestSuite({ resolvers: testResolvers });

function as(tenantId: string) {
  const headers = testPrincipalHeader({ tenantId, subject: randomUUID() });
  return {
    post: (url: string, payload: object) => suite.app.inject({ method: 'POST', url, payload, headers }),
    get: (url: string) => suite.app.inject({ method: 'GET', url, headers }),
  };
}

const cursor = (keys: string[], direction: 'a' | 'b' = 'a') => Buffer.from(JSON.stringify({ d: direction, k: keys })).toString('base64url');

describe('forged page cursors', () => {
  it("page only within the caller's own tenant, whatever keys they carry", async () => {
    const a = as(await createTestTenant(suite.platform));
    const b = as(await createTestTenant(suite.platform));
    for (const name of ['A one', 'A two']) expect((await a.post('/api/v1/records/people', { name })).statusCode).toBe(201);
    const ofB = (await b.post('/api/v1/records/people', { name: 'B secret' })).json();
    await b.post(`/api/v1/records/entries/${ofB.id}/notes`, { body: 'B note' });

    for (const keys of [['a', '00000000-0000-0000-0000-000000000000'], ['b secret', ofB.id], ["' OR 1=1 --", randomUUID()], ['', randomUUID()]]) {
      for (const direction of ['a', 'b'] as const) {
        const response = await a.get(`/api/v1/records/people?cursor=${cursor(keys, direction)}`);
        expect(response.statusCode, response.body).toBe(200);
        expect(response.body).not.toContain('B secret');
        for (const item of response.json().items as Array<{ name: string }>) expect(item.name).toMatch(/^A /);
      }
    }
    // B's record id in the path is a 404 whatever the cursor says.
    const notes = await a.get(`/api/v1/records/entries/${ofB.id}/notes?cursor=${cursor([new Date().toISOString(), randomUUID()])}`);
    expect([notes.statusCode, notes.json().error.code]).toEqual([404, 'record.not_found']);
  });

  it.each([
    ['a key the database cannot read as a timestamp', '/api/v1/records/people?sort=created', ['not a time', randomUUID()]],
    ['an id that is not a uuid', '/api/v1/records/people', ['a', "x' OR '1'='1"]],
    ['a people cursor sent to the tasks list', '/api/v1/records/tasks', ['ada lovelace', randomUUID()]],
    ['too few keys', '/api/v1/records/tasks', ['2031-01-01']],
    ['a date out of range', '/api/v1/records/tasks', ['2031-02-30', randomUUID()]],
  ])('answers 400 page.invalid_cursor to %s', async (_, path, keys) => {
    const api = as(await createTestTenant(suite.platform));
    const response = await api.get(`${path}${path.includes('?') ? '&' : '?'}cursor=${cursor(keys)}`);
    expect([response.statusCode, response.json().error.code]).toEqual([400, 'page.invalid_cursor']);
  });

  it('refuses a page larger than each list allows, instead of answering it', async () => {
    const api = as(await createTestTenant(suite.platform));
    const person = (await api.post('/api/v1/records/people', { name: 'Bounded' })).json();
    for (const url of [
      '/api/v1/records/people?limit=101',
      '/api/v1/records/tasks?limit=101',
      '/api/v1/records/members?limit=201',
      `/api/v1/records/entries/${person.id}/activity?limit=201`,
      `/api/v1/records/entries/${person.id}/notes?limit=1000000`,
      `/api/v1/records/entries/${person.id}/links?limit=101`,
      `/api/v1/records/entries/${person.id}/labels?limit=-1`,
    ]) {
      const response = await api.get(url);
      expect([response.statusCode, response.json().error.code], url).toEqual([400, 'request.invalid']);
    }
    const lookup = await api.post('/api/v1/records/lookup?limit=101', { ssn: '123-45-6789' });
    expect([lookup.statusCode, lookup.json().error.code]).toEqual([400, 'request.invalid']);
  });
});
