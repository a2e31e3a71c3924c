/**
 * The attack: a member of tenant A uses the labels API to reach into tenant B. She lists labels
 * hoping to see B's, files a label under one of B's labels by guessing or leaking its id (to
 * learn that it exists, or to tie A's data to B's), smuggles B's tenant id into the body, or calls
 * with a credential bound to no tenant at all. Each must be refused without a row being written.
 */
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
let tenantA: string;
let tenantB: string;
let labelOfB: string;

beforeAll(async () => {
  platform = await openTestPlatform();
  suite = await buildSuite(platform, testResolvers);
  tenantA = await createTestTenant(platform);
  tenantB = await createTestTenant(platform);
  const created = await createAs(tenantB, { name: 'b-secret-project' });
  expect(created.statusCode).toBe(201);
  labelOfB = created.json().id;
  expect((await createAs(tenantA, { name: 'a-public' })).statusCode).toBe(201);
});

afterAll(async () => {
  await suite.app.close();
  await platform.close();
});

function createAs(tenantId: string | null, body: object) {
  return suite.app.inject({ method: 'POST', url: LABELS, payload: body, headers: testPrincipalHeader({ tenantId }) });
}

function listAs(tenantId: string | null) {
  return suite.app.inject({ method: 'GET', url: LABELS, headers: testPrincipalHeader({ tenantId }) });
}

async function countLabels(tenantId: string, name: string): Promise<number> {
  return platform.businessDb.withTenant(tenantId, async (tx) => {
    const { rows } = await tx.query<{ count: string }>('SELECT count(*) AS count FROM labels WHERE name = $1', [name]);
    return Number(rows[0]!.count);
  });
}

it("lists only the caller's tenant", async () => {
  const asA = await listAs(tenantA);
  expect(asA.statusCode).toBe(200);
  expect(asA.json().items.map((label: { name: string }) => label.name)).toEqual(['a-public']);
  const asB = await listAs(tenantB);
  expect(asB.json().items.map((label: { name: string }) => label.name)).toEqual(['b-secret-project']);
});

it("answers 422 label.parent_not_found to a parent of another tenant, and writes nothing", async () => {
  const name = `a-child-${randomUUID().slice(0, 8)}`;
  const response = await createAs(tenantA, { name, parentId: labelOfB });
  expect(response.statusCode).toBe(422);
  expect(response.json()).toEqual({ error: { code: 'label.parent_not_found', message: expect.any(String) } });
  // Same answer as for an id that exists nowhere: the response does not reveal that B's label exists.
  const unknown = await createAs(tenantA, { name, parentId: randomUUID() });
  expect(unknown.json()).toEqual(response.json());
  expect(await countLabels(tenantA, name)).toBe(0);
  expect(await countLabels(tenantB, name)).toBe(0);
});

it('ignores no smuggled tenant id: the body cannot name a tenant', async () => {
  const name = `smuggled-${randomUUID().slice(0, 8)}`;
  const response = await createAs(tenantA, { name, tenantId: tenantB });
  expect(response.statusCode).toBe(400);
  expect(await countLabels(tenantA, name)).toBe(0);
  expect(await countLabels(tenantB, name)).toBe(0);
});

it('lets two tenants use the same name without colliding', async () => {
  const name = `shared-${randomUUID().slice(0, 8)}`;
  expect((await createAs(tenantA, { name })).statusCode).toBe(201);
  expect((await createAs(tenantB, { name })).statusCode).toBe(201);
});

describe('a credential bound to no tenant', () => {
  it.each([
    ['GET', () => listAs(null)],
    ['POST', () => createAs(null, { name: `no-tenant-${randomUUID().slice(0, 8)}` })],
  ])('gets 403 auth.tenant_required on %s', async (_, call) => {
    const response = await call();
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({ error: { code: 'auth.tenant_required', message: expect.any(String) } });
  });
});

describe('posture', () => {
  it('refuses a caller who has not completed MFA', async () => {
    const response = await suite.app.inject({ method: 'GET', url: LABELS, headers: testPrincipalHeader({ tenantId: tenantA, mfaSatisfied: false }) });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('auth.mfa_required');
  });

  it('refuses an anonymous caller before touching the database', async () => {
    const response = await suite.app.inject({ method: 'POST', url: LABELS, payload: { name: 'anon' } });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('auth.required');
  });
});
