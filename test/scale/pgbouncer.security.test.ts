/**
 * The attack: behind PgBouncer in transaction mode, many client connections share a few server
 * connections. If a tenant setting outlived its transaction, the next client handed the same
 * server connection — another request, another tenant — would read and write as the first
 * tenant. And a client that disconnects mid-transaction must not leave its tenant behind either.
 * Every tenant unit here runs through a real PgBouncer with two server connections per role.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BuiltServer } from '../../src/platform/http/build-server.js';
import type { Platform } from '../../src/platform/open-platform.js';
import { NotificationListener } from '../../src/platform/db/index.js';
import { BusinessDb } from '../../src/platform/tenancy/index.js';
import { buildSuite } from '../../src/suite.js';
import { systemClock } from '../../src/platform/clock.js';
import { captureLogs } from '../support/captured-logger.js';
import { createTestMember, TEST_PASSWORD } from '../support/identity-members.js';
import { startPgBouncer, type PgBouncer } from '../support/pgbouncer-process.js';
import { createTestTenant, openTestPlatform } from '../support/test-platform.js';
import { testPrincipalHeader, testResolvers } from '../support/test-resolvers.js';

const SERVER_CONNECTIONS = 2;
let bouncer: PgBouncer;
let platform: Platform;
let suite: BuiltServer;
let tenantA: string;
let tenantB: string;
const pools: pg.Pool[] = [];

function poolThroughBouncer(max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: bouncer.through(inject('testDatabases').urls.business), max });
  pools.push(pool);
  return pool;
}

beforeAll(async () => {
  const { urls } = inject('testDatabases');
  bouncer = await startPgBouncer({ logins: [urls.business, urls.identity], poolSize: SERVER_CONNECTIONS });
  // Both runtime pools go through PgBouncer; the owner URLs stay direct, as in production.
  platform = await openTestPlatform({ BUSINESS_DATABASE_URL: bouncer.through(urls.business), IDENTITY_DATABASE_URL: bouncer.through(urls.identity) });
  suite = await buildSuite(platform, testResolvers);
  tenantA = await createTestTenant(platform);
  tenantB = await createTestTenant(platform);
  for (const [tenant, name] of [[tenantA, 'a-only'], [tenantB, 'b-only']] as const) {
    const response = await suite.app.inject({ method: 'POST', url: '/api/v1/records/labels', payload: { name }, headers: testPrincipalHeader({ tenantId: tenant }) });
    expect(response.statusCode, response.body).toBe(201);
  }
});

afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.end()));
  await suite?.app.close();
  await platform?.close();
  await bouncer?.stop();
});

type Seen = { pid: number; tenant: string | null };
async function serverState(client: pg.ClientBase): Promise<Seen> {
  const { rows } = await client.query<Seen>("SELECT pg_backend_pid() AS pid, nullif(current_setting('app.tenant_id', true), '') AS tenant");
  return rows[0]!;
}

/** Asks on a fresh client connection until PgBouncer hands it server connection `pid`. */
async function stateOnServer(pool: pg.Pool, pid: number): Promise<Seen> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const client = await pool.connect();
    try {
      const seen = await serverState(client);
      if (seen.pid === pid) return seen;
    } finally {
      client.release();
    }
  }
  throw new Error(`PgBouncer never handed out server connection ${pid}`);
}

describe('the suite behind PgBouncer (transaction pooling)', () => {
  it('serves the labels routes, reads and writes', async () => {
    const list = await suite.app.inject({ method: 'GET', url: '/api/v1/records/labels', headers: testPrincipalHeader({ tenantId: tenantA }) });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((label: { name: string }) => label.name)).toEqual(['a-only']);
    const duplicate = await suite.app.inject({ method: 'POST', url: '/api/v1/records/labels', payload: { name: 'a-only' }, headers: testPrincipalHeader({ tenantId: tenantA }) });
    expect(duplicate.json().error.code).toBe('label.name_taken');
  });

  it('signs a member in (identity database: rate limits, lookups, the session row)', async () => {
    const member = await createTestMember(platform.identityDb, systemClock);
    const response = await suite.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      headers: { origin: 'http://localhost:3000' },
      payload: { email: member.email, password: TEST_PASSWORD },
    });
    expect(response.statusCode, response.body).toBe(200);
  });

  it('never leaks context across hundreds of concurrent units sharing two server connections', async () => {
    const db = new BusinessDb(poolThroughBouncer(12));
    const results = await Promise.all(
      Array.from({ length: 300 }, async (_, index) => {
        const tenant = index % 2 === 0 ? tenantA : tenantB;
        return db.withTenant(
          tenant,
          async (tx) => {
            const before = await tx.query<{ tenant: string; pid: number }>("SELECT current_setting('app.tenant_id') AS tenant, pg_backend_pid() AS pid");
            await new Promise((resolve) => setImmediate(resolve));
            const rows = await tx.query<{ tenant_id: string }>('SELECT tenant_id FROM labels');
            return { tenant, seen: before.rows[0]!.tenant, pid: before.rows[0]!.pid, rowTenants: rows.rows.map((row) => row.tenant_id) };
          },
          { readOnly: index % 3 !== 0 },
        );
      }),
    );
    expect(new Set(results.map((result) => result.pid)).size).toBeLessThanOrEqual(SERVER_CONNECTIONS);
    for (const result of results) {
      expect(result.seen).toBe(result.tenant);
      expect(result.rowTenants.length).toBeGreaterThan(0);
      expect(result.rowTenants.every((tenant) => tenant === result.tenant)).toBe(true);
    }
  });

  it.each([
    ['a read-write unit that commits', {}, false],
    ['a read-only unit', { readOnly: true }, false],
    ['a unit that fails and rolls back', {}, true],
  ] as const)('hands the next client of the same server connection no tenant after %s', async (_, options, fails) => {
    const pool = poolThroughBouncer(4);
    const db = new BusinessDb(pool);
    let pid = 0;
    const unit = db.withTenant(
      tenantA,
      async (tx) => {
        pid = (await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
        if (fails) throw new Error('boom');
      },
      options,
    );
    await (fails ? expect(unit).rejects.toThrow('boom') : unit);
    const other = poolThroughBouncer(4);
    expect(await stateOnServer(other, pid)).toEqual({ pid, tenant: null });
  });

  it('hands the next client no tenant after a client vanished mid-transaction', async () => {
    const client = new pg.Client({ connectionString: bouncer.through(inject('testDatabases').urls.business) });
    client.on('error', () => undefined);
    await client.connect();
    await client.query('BEGIN');
    await client.query("SELECT set_config('app.tenant_id', $1, true)", [tenantB]);
    const { pid } = await serverState(client);
    (client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    const seen = await stateOnServer(poolThroughBouncer(4), pid).catch(() => null);
    // PgBouncer either closes a server connection left inside a transaction, or rolls it back.
    if (seen) expect(seen.tenant).toBeNull();
    const names = await platform.businessDb.withTenant(tenantA, async (tx) => (await tx.query<{ name: string }>('SELECT name FROM labels')).rows.map((row) => row.name));
    expect(names).toEqual(['a-only']);
  });

  it('keeps the token cache off: a LISTEN through the transaction pool would hear nothing, so the listener refuses it', async () => {
    const { urls } = inject('testDatabases');
    const logs = captureLogs();
    let listening = false;
    const listener = new NotificationListener({
      connectionString: bouncer.through(urls.identity),
      channel: 'bsns_token_cache',
      applicationName: 'bsns-token-cache-test',
      logger: logs.logger,
      onListening: () => void (listening = true),
      onLost: () => undefined,
      onMessage: () => undefined,
    });
    listener.start();
    try {
      await expect.poll(() => logs.text(), { timeout: 5_000 }).toContain('LISTEN refused');
      expect(listening).toBe(false);
      await expect(listener.sync()).rejects.toThrow(/not listening/);
    } finally {
      await listener.stop();
    }
    // The same listener on the direct URL is accepted.
    const direct = new NotificationListener({ connectionString: urls.identity, channel: 'bsns_token_cache', applicationName: 'bsns-token-cache-test', logger: logs.logger, onListening: () => void (listening = true), onLost: () => undefined, onMessage: () => undefined });
    direct.start();
    try {
      await expect.poll(() => listening, { timeout: 5_000 }).toBe(true);
      await direct.sync();
    } finally {
      await direct.stop();
    }
  });
});

