import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/platform/logging/logger.js';
import { MigrationError, migrateDatabase } from '../../src/platform/migrations/index.js';
import { openPlatform } from '../../src/platform/open-platform.js';
import { cliEnv, runCli, spawnCli, stopCli, waitForHealthy } from '../support/cli-process.js';
import { freePort } from '../../src/platform/db/free-port.js';
import { provisionScratchDatabases, type ScratchDatabases } from '../support/scratch-databases.js';
import { testEnv } from '../support/test-platform.js';

/** With database URLs configured, bsns serves those servers and never starts its own. */

const STACK_FRAME = /^\s+at /m;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'bsns-external-'));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('bsns start with database URLs', () => {
  it('serves the configured databases without creating an embedded cluster', async () => {
    const port = await freePort();
    const cli = spawnCli(['start'], cliEnv({ ...testEnv(), BSNS_DATA_DIR: dataDir, PORT: String(port) }));
    try {
      const seconds = await waitForHealthy(cli, port);
      console.log(`external boot: /healthz answered after ${seconds.toFixed(1)} s`);
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(await ready.json()).toEqual({
        status: 'ready',
        components: [
          { name: 'identity-database', ok: true },
          { name: 'business-database', ok: true },
        ],
      });
    } finally {
      const result = await stopCli(cli);
      expect(result, result.stderr).toMatchObject({ code: 0, signal: null });
    }
    const created = await readdir(dataDir);
    expect(created).not.toContain('postgres');
    expect(created).not.toContain('postgres-credentials.json');
  });

  it('exits 1 with one line when its port is taken', async () => {
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as { port: number }).port;
    try {
      const result = await runCli(['start'], cliEnv({ ...testEnv(), BSNS_DATA_DIR: dataDir, PORT: String(port) }));
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`Port ${port} on 127.0.0.1 is already in use`);
      expect(result.stderr).not.toMatch(STACK_FRAME);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });
});

describe('a release started against databases it has not migrated', () => {
  let scratch: ScratchDatabases;
  const envFor = (urls: ScratchDatabases['urls']) =>
    testEnv({
      IDENTITY_DATABASE_URL: urls.identity,
      IDENTITY_OWNER_DATABASE_URL: urls.identityOwner,
      BUSINESS_DATABASE_URL: urls.business,
      BUSINESS_OWNER_DATABASE_URL: urls.businessOwner,
    });

  beforeAll(async () => {
    scratch = await provisionScratchDatabases();
  });

  afterAll(async () => {
    await scratch?.drop();
  });

  it('refuses to serve until `npx bsns migrate` has run', async () => {
    const config = loadConfig(envFor(scratch.urls), process.cwd());
    const refusal = openPlatform(config, createLogger('silent'));
    await expect(refusal).rejects.toBeInstanceOf(MigrationError);
    await expect(refusal).rejects.toThrow(/Pending migrations \(identity\/0001_tenants\.sql.*business\/0001_tenancy_kernel\.sql.*\): run `npx bsns migrate`/);

    const cli = await runCli(['start'], cliEnv({ ...envFor(scratch.urls), BSNS_DATA_DIR: dataDir, PORT: String(await freePort()) }));
    expect(cli.code).toBe(1);
    expect(cli.stderr).toMatch(/^Pending migrations .*run `npx bsns migrate` before starting this release\.\n$/);

    // Half-migrated is still refused: the business database is behind.
    await migrateDatabase(scratch.urls.identityOwner, 'identity');
    await expect(openPlatform(config, createLogger('silent'))).rejects.toThrow(/Pending migrations \(business\/0001_tenancy_kernel\.sql/);

    const migrate = await runCli(['migrate'], cliEnv({ ...envFor(scratch.urls), BSNS_DATA_DIR: dataDir }));
    expect(migrate.code, migrate.stderr).toBe(0);
    expect(migrate.stdout).toMatch(/^identity: up to date/m);
    expect(migrate.stdout).toMatch(/^business: applied 0001_tenancy_kernel\.sql/m);

    const platform = await openPlatform(config, createLogger('silent'));
    await platform.close();
  });
});
