import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuiltServer } from '../../../platform/http/build-server.js';
import type { Platform } from '../../../platform/open-platform.js';
import { buildSuite } from '../../../suite.js';
import { createTestTenant, openTestPlatform } from '../../../../test/support/test-platform.js';
import { testPrincipalHeader, testResolvers } from '../../../../test/support/test-resolvers.js';

const LABELS = '/api/v1/records/labels';

let platform: Platform;
let suite: BuiltServer;
let tenant: string;

beforeAll(async () => {
  platform = await openTestPlatform();
  suite = await buildSuite(platform, testResolvers);
  tenant = await createTestTenant(platform);
});

afterAll(async () => {
  await suite.app.close();
  await platform.close();
});

function create(body: unknown, tenantId: string | null = tenant) {
  return suite.app.inject({ method: 'POST', url: LABELS, payload: body as object, headers: testPrincipalHeader({ tenantId }) });
}

async function labelNames(tenantId: string): Promise<string[]> {
  return platform.businessDb.withTenant(tenantId, async (tx) => (await tx.query<{ name: string }>('SELECT name FROM labels')).rows.map((row) => row.name));
}

describe('POST /api/v1/records/labels', () => {
  it('creates a label with defaults and returns it', async () => {
    const response = await create({ name: 'Customers' });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({ id: expect.any(String), name: 'Customers', color: '#6b7280', parentId: null, createdAt: expect.any(String) });
  });

  it('creates a child under a parent of the same tenant', async () => {
    const parent = (await create({ name: `parent-${randomUUID().slice(0, 8)}`, color: '#1d4ed8' })).json();
    const child = await create({ name: `child-${randomUUID().slice(0, 8)}`, parentId: parent.id });
    expect(child.statusCode).toBe(201);
    expect(child.json().parentId).toBe(parent.id);
  });

  it('answers 409 label.name_taken to a duplicate name', async () => {
    const name = `dup-${randomUUID().slice(0, 8)}`;
    expect((await create({ name })).statusCode).toBe(201);
    const again = await create({ name });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toEqual({ error: { code: 'label.name_taken', message: expect.any(String) } });
    expect((await labelNames(tenant)).filter((existing) => existing === name)).toHaveLength(1);
  });

  it('answers 422 label.parent_not_found to a parent that does not exist', async () => {
    const response = await create({ name: `orphan-${randomUUID().slice(0, 8)}`, parentId: randomUUID() });
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe('label.parent_not_found');
  });

  it('accepts a name of 100 characters and rejects one of 101', async () => {
    const stem = randomUUID().replaceAll('-', '');
    expect((await create({ name: stem.padEnd(100, 'x') })).statusCode).toBe(201);
    const tooLong = await create({ name: stem.padEnd(101, 'y') });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.code).toBe('request.invalid');
    expect(tooLong.json().error.details.issues).toEqual([{ path: 'body.name', message: expect.any(String) }]);
    expect(await labelNames(tenant)).not.toContain(stem.padEnd(101, 'y'));
  });

  it.each([
    ['an unknown field', { name: 'x', isAdmin: true }],
    ['a tenant id of its own choosing', { name: 'x', tenantId: randomUUID() }],
    ['an empty name', { name: '' }],
    ['a blank name', { name: '   ' }],
    ['no name', { color: '#000000' }],
    ['a name that is not a string', { name: 42 }],
    ['an upper-case colour', { name: 'x', color: '#FFFFFF' }],
    ['a CSS injection as colour', { name: 'x', color: 'red;background:url(x)' }],
    ['a parent id that is not a UUID', { name: 'x', parentId: "1' OR '1'='1" }],
    ['a NUL character in the name', { name: 'a\u0000b' }],
  ])('answers 400 request.invalid to %s', async (_, body) => {
    const response = await create(body);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error.code).toBe('request.invalid');
  });
});

describe('GET /api/v1/records/labels', () => {
  it("lists the caller's labels by name", async () => {
    const own = await createTestTenant(platform);
    await create({ name: 'b-second' }, own);
    await create({ name: 'a-first' }, own);
    const response = await suite.app.inject({ method: 'GET', url: LABELS, headers: testPrincipalHeader({ tenantId: own }) });
    expect(response.statusCode).toBe(200);
    expect(response.json().items.map((label: { name: string }) => label.name)).toEqual(['a-first', 'b-second']);
  });
});
