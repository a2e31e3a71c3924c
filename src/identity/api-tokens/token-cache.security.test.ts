/**
 * The attack: keep using a personal access token after it should have died, by counting on the
 * cache of verified tokens to remember it. Mallory's token is revoked (by her, or by her tenant's
 * admin on another process of the suite), her account is disabled, she is removed from the
 * tenant, or the token expires; or she waits for the cache's listener connection to drop, so that
 * a change goes unheard. Each must fail on the very next request, on every process: the cache
 * drops what a change names on its NOTIFY, checks expiry on each hit, confirms every hit with a
 * sync on its listener, and answers nothing while its listener is not listening.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it, vi, type MockInstance } from 'vitest';
import { bearer, mintToken, signedInMember, type TokenHolder } from '../../../test/support/api-token-holders.js';
import { SuiteClient } from '../../../test/support/suite-client.js';
import { openTestSuite, useTestSuite, type TestSuite } from '../../../test/support/test-suite.js';
import { ManualClock } from '../../platform/clock.js';
import type { Platform } from '../../platform/open-platform.js';
import type { FastifyInstance } from 'fastify';

const clock = new ManualClock(new Date('2031-07-08T09:10:11Z'));
const suite = useTestSuite({ clock });
/** A second process of the suite: its own server, pools, cache and listener, on the same databases. */
let other: TestSuite;
beforeAll(async () => {
  other = await openTestSuite({ clock });
});
afterAll(() => other?.close());

interface Process {
  readonly app: FastifyInstance;
  readonly platform: Platform;
}
const processes = (): readonly Process[] => [suite, other];

const read = (process: Process, secret: string) => process.app.inject({ method: 'GET', url: '/api/v1/records/labels', headers: bearer(secret) });

/** How many token SELECTs a read costs on this process: 0 on a cache hit. */
async function tokenSelects(process: Process, secret: string): Promise<{ status: number; selects: number }> {
  const spy: MockInstance = vi.spyOn(process.platform.identityDb, 'query');
  try {
    const response = await read(process, secret);
    const selects = spy.mock.calls.filter(([sql]) => typeof sql === 'string' && sql.includes('FROM api_tokens t')).length;
    return { status: response.statusCode, selects };
  } finally {
    spy.mockRestore();
  }
}

/** Reads until the token is answered from the process's cache (its listener may still be connecting). */
async function warm(process: Process, secret: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const { status, selects } = await tokenSelects(process, secret);
    expect(status).toBe(200);
    if (selects === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the token never came from the cache');
}

async function holderWithWarmToken(): Promise<TokenHolder & { secret: string; tokenId: string }> {
  const holder = await signedInMember(suite.app, suite.platform);
  const { secret, id } = await mintToken(holder, ['labels:read']);
  for (const process of processes()) await warm(process, secret);
  return { ...holder, secret, tokenId: id };
}

async function asSuperuser<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const url = new URL(inject('testDatabases').adminUrl);
  url.pathname = new URL(suite.platform.databaseUrls.identity).pathname;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe('a cached token', () => {
  it('is answered without a database read once warm, on every process', async () => {
    const { secret } = await holderWithWarmToken();
    for (const process of processes()) expect(await tokenSelects(process, secret)).toEqual({ status: 200, selects: 0 });
  });

  it('revoked by its owner on one process is refused on the very next request, on both', async () => {
    const owner = await holderWithWarmToken();
    const revoked = await owner.browser.request({ method: 'DELETE', url: `/api/v1/account/tokens/${owner.tokenId}` });
    expect(revoked.statusCode).toBe(204);
    expect((await read(other, owner.secret)).statusCode).toBe(401);
    expect((await read(suite, owner.secret)).statusCode).toBe(401);
  });

  it("revoked through the other process's API is refused on the very next request here", async () => {
    const owner = await holderWithWarmToken();
    // The owner's browser, behind a proxy that sent it to the second process (the session is shared).
    const browser = new SuiteClient(other.app, owner.browser.origin, owner.browser.remoteAddress);
    for (const [name, value] of owner.browser.cookies) browser.cookies.set(name, value);
    const revoked = await browser.request({ method: 'DELETE', url: `/api/v1/account/tokens/${owner.tokenId}` });
    expect(revoked.statusCode, revoked.body).toBe(204);
    expect((await read(suite, owner.secret)).statusCode).toBe(401);
  });

  it('revoked while a read is answered from the cache leaks nothing of that read, and a write never runs', async () => {
    const owner = await signedInMember(suite.app, suite.platform);
    const { secret, id } = await mintToken(owner, ['labels:read', 'labels:write']);
    const created = await suite.app.inject({ method: 'POST', url: '/api/v1/records/labels', payload: { name: 'quarterly secret' }, headers: bearer(secret) });
    expect(created.statusCode, created.body).toBe(201);
    for (const process of processes()) await warm(process, secret);
    // Revoked behind the suite's back, and read at once: the read may run, its answer may not leave.
    await suite.platform.identityDb.query('UPDATE api_tokens SET revoked_at = $2 WHERE id = $1', [id, clock.now()]);
    for (const process of processes()) {
      const refused = await read(process, secret);
      expect(refused.statusCode).toBe(401);
      expect(refused.json()).toEqual({ error: { code: 'auth.required', message: expect.any(String) } });
      expect(refused.body).not.toContain('quarterly secret');
      expect(refused.headers['content-type']).toBe('application/json; charset=utf-8');
      const write = await process.app.inject({ method: 'POST', url: '/api/v1/records/labels', payload: { name: 'written after revocation' }, headers: bearer(secret) });
      expect(write.statusCode).toBe(401);
    }
    const names = await suite.platform.businessDb.withTenant(owner.tenantId, async (tx) => (await tx.query<{ name: string }>('SELECT name FROM labels')).rows.map((row) => row.name));
    expect(names).toEqual(['quarterly secret']);
  });

  it('of a user disabled in the database is refused on the very next request, on both', async () => {
    const owner = await holderWithWarmToken();
    await suite.platform.identityDb.query('UPDATE users SET disabled_at = $2 WHERE id = $1', [owner.id, clock.now()]);
    for (const process of processes()) expect((await read(process, owner.secret)).statusCode).toBe(401);
  });

  it('of a member removed from the tenant is refused on the very next request, on both', async () => {
    const owner = await holderWithWarmToken();
    await suite.platform.identityDb.query('DELETE FROM memberships WHERE tenant_id = $1 AND user_id = $2', [owner.tenantId, owner.id]);
    for (const process of processes()) expect((await read(process, owner.secret)).statusCode).toBe(401);
  });

  it('of a tenant that changed is read from the database again on the next request, on both', async () => {
    // Any UPDATE of the tenant row counts (a disabled tenant among them): the resolver's SELECT decides again.
    const owner = await holderWithWarmToken();
    await suite.platform.identityDb.query("UPDATE tenants SET name = name || ' renamed' WHERE id = $1", [owner.tenantId]);
    for (const process of processes()) expect(await tokenSelects(process, owner.secret)).toEqual({ status: 200, selects: 1 });
  });

  it('past its expiry is refused on the very next request, with no change to announce it', async () => {
    const owner = await signedInMember(suite.app, suite.platform);
    const { secret } = await mintToken(owner, ['labels:read'], { expiresAt: new Date(clock.now().getTime() + 60_000) });
    for (const process of processes()) await warm(process, secret);
    const before = clock.now();
    clock.advance(60_000);
    try {
      for (const process of processes()) expect((await read(process, secret)).statusCode).toBe(401);
    } finally {
      clock.set(before);
    }
  });

  it('is not trusted while the listener is down: the database decides, and a change made meanwhile counts', async () => {
    const owner = await holderWithWarmToken();
    const killed = await asSuperuser(async (client) => {
      const { rowCount } = await client.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'bsns-token-cache' AND datname = current_database()");
      // Revoked while no listener hears it: the NOTIFY is lost for good.
      await client.query('UPDATE api_tokens SET revoked_at = now() WHERE id = $1', [owner.tokenId]);
      return rowCount;
    });
    expect(killed).toBeGreaterThanOrEqual(2);
    for (const process of processes()) expect(await tokenSelects(process, owner.secret)).toEqual({ status: 401, selects: 1 });

    // Once the listeners are back (flushed), a live token is cached again.
    const fresh = await holderWithWarmToken();
    for (const process of processes()) expect(await tokenSelects(process, fresh.secret)).toEqual({ status: 200, selects: 0 });
  });
});
