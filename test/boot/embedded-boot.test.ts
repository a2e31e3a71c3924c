import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BusinessDb } from '../../src/platform/tenancy/index.js';
import { cliEnv, runCli, spawnCli, stopCli, waitForHealthy, type CliProcess } from '../support/cli-process.js';
import { freePort, isPortFree } from '../../src/platform/db/free-port.js';

/**
 * `npm start` with no configuration: the embedded PostgreSQL is created under the data
 * directory, provisioned, migrated and served; SIGTERM stops it cleanly; a restart finds the
 * data again. The suite boots once for the file; the restart test runs last and stops it.
 */

let checkout: string;
let dataDir: string;
let pgPort: number;
let running: CliProcess | undefined;

beforeAll(async () => {
  // Like a fresh clone: a checkout without `.data`, which the first start creates. The checkout
  // is world-passable like a cloned repo, since as root the cluster runs as "postgres".
  checkout = await mkdtemp(path.join(tmpdir(), 'bsns-boot-'));
  await chmod(checkout, 0o755);
  dataDir = path.join(checkout, '.data');
  pgPort = await freePort();
  await bootEmbedded('first start');
}, 120_000);

afterAll(async () => {
  if (running) await stopCli(running);
  await rm(checkout, { recursive: true, force: true });
});

function embeddedEnv(httpPort: number): Record<string, string> {
  return cliEnv({ BSNS_DATA_DIR: dataDir, PORT: String(httpPort), BSNS_EMBEDDED_PG_PORT: String(pgPort), LOG_LEVEL: 'warn' });
}

async function bootEmbedded(label: string): Promise<{ httpPort: number }> {
  const httpPort = await freePort();
  running = spawnCli(['start'], embeddedEnv(httpPort));
  const seconds = await waitForHealthy(running, httpPort);
  console.log(`embedded boot (${label}): /healthz answered after ${seconds.toFixed(1)} s`);
  const ready = await fetch(`http://127.0.0.1:${httpPort}/readyz`);
  expect(ready.status).toBe(200);
  return { httpPort };
}

async function stopAndCheckClean(): Promise<void> {
  const result = await stopCli(running!);
  running = undefined;
  expect(result, result.stderr).toMatchObject({ code: 0, signal: null });
  // A clean PostgreSQL shutdown gives up its port and removes its pid file.
  expect(await isPortFree(pgPort)).toBe(true);
  await expect(stat(path.join(dataDir, 'postgres', 'postmaster.pid'))).rejects.toMatchObject({ code: 'ENOENT' });
}

async function embeddedUrls(): Promise<Record<string, string>> {
  const result = await runCli(['db', 'urls', '--json'], embeddedEnv(await freePort()));
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Record<string, string>;
}

async function withPool<T>(url: string, work: (pool: pg.Pool) => Promise<T>): Promise<T> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  // pool.end() resolves before its sockets close; the server stopping right after must not
  // surface as an uncaught error from an already-released client.
  pool.on('error', () => undefined);
  try {
    return await work(pool);
  } finally {
    await pool.end();
  }
}

describe('bsns start with no configuration', () => {
  const tenantId = randomUUID();
  const labelName = `kept-${randomUUID().slice(0, 8)}`;
  const identityTenantName = `Identity ${randomUUID().slice(0, 8)}`;

  it('created the embedded cluster under the data directory, credentials private', async () => {
    expect((await stat(path.join(dataDir, 'postgres', 'PG_VERSION'))).isFile()).toBe(true);
    expect((await stat(path.join(dataDir, 'postgres-credentials.json'))).mode & 0o077).toBe(0);
  });

  it('prints every connection URL with `db urls`, as a table and as JSON', async () => {
    const urls = await embeddedUrls();
    expect(Object.keys(urls).sort()).toEqual(['admin', 'business', 'business_owner', 'identity', 'identity_owner']);
    for (const url of Object.values(urls)) expect(new URL(url).port).toBe(String(pgPort));

    const table = await runCli(['db', 'urls'], embeddedEnv(await freePort()));
    expect(table.code, table.stderr).toBe(0);
    const rows = table.stdout.trim().split('\n').map((line) => line.split(/\s+/));
    expect(Object.fromEntries(rows)).toEqual(urls);

    // Each URL is a live credential for the role it names.
    const roles = await Promise.all(
      Object.values(urls).map((url) => withPool(url, async (pool) => (await pool.query<{ user: string }>('SELECT current_user AS user')).rows[0]!.user)),
    );
    expect(roles).toEqual(Object.values(urls).map((url) => decodeURIComponent(new URL(url).username)));
  });

  it('keeps data written through the kernel across a SIGTERM and a restart', async () => {
    const urls = await embeddedUrls();
    await withPool(urls.business!, (pool) =>
      new BusinessDb(pool).withTenant(tenantId, async (tx) => {
        await tx.query('INSERT INTO tenants (id, name) VALUES ($1, $2)', [tenantId, 'Kept across restarts']);
        await tx.query('INSERT INTO labels (tenant_id, name) VALUES ($1, $2)', [tenantId, labelName]);
      }),
    );
    await withPool(urls.identity!, (pool) => pool.query('INSERT INTO tenants (name) VALUES ($1)', [identityTenantName]));

    await stopAndCheckClean();
    await bootEmbedded('restart');

    const labels = await withPool(urls.business!, (pool) =>
      new BusinessDb(pool).withTenant(tenantId, async (tx) => (await tx.query<{ name: string }>('SELECT name FROM labels')).rows),
    );
    expect(labels).toEqual([{ name: labelName }]);
    const identityRows = await withPool(urls.identity!, (pool) => pool.query('SELECT 1 FROM tenants WHERE name = $1', [identityTenantName]));
    expect(identityRows.rowCount).toBe(1);
    // The restart reused the saved credentials instead of minting new ones.
    expect(await embeddedUrls()).toEqual(urls);

    await stopAndCheckClean();
  }, 120_000);
});
