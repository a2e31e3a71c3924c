import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import type { DatabaseUrls } from '../src/config/index.js';
import { generateKeySpec } from '../src/platform/crypto/index.js';
import { databaseLayout, dropProvisionedDatabases, provisionDatabases, startEmbeddedPostgres } from '../src/platform/db/index.js';
import { migrateDatabase } from '../src/platform/migrations/index.js';
import { freePort } from '../src/platform/db/free-port.js';

export interface TestDatabases {
  readonly adminUrl: string;
  readonly urls: DatabaseUrls;
  readonly backend: 'server' | 'embedded';
}

declare module 'vitest' {
  export interface ProvidedContext {
    testDatabases: TestDatabases;
    /** The real Redis the rate-limit and cache tests use (CI starts it). */
    testRedisUrl: string;
    /** One master keyring for every test process of the run: they share the identity database,
     * so a signing key one process seals must unseal in the others. */
    testMasterKeys: string;
  }
}

/**
 * One cluster for the whole run: the server named by BSNS_TEST_DATABASE_ADMIN_URL (CI uses the
 * machine's PostgreSQL), or a throw-away embedded PostgreSQL. Databases and roles get a prefix
 * unique to this run, so runs never collide and nothing is left behind.
 */
export default async function setup(project: TestProject) {
  const serverUrl = process.env.BSNS_TEST_DATABASE_ADMIN_URL;
  const layout = databaseLayout(`bsns_t${randomBytes(4).toString('hex')}`);
  let adminUrl: string;
  let stopEmbedded: (() => Promise<void>) | undefined;
  let dataDir: string | undefined;
  if (serverUrl) {
    adminUrl = serverUrl;
  } else {
    dataDir = await mkdtemp(path.join(tmpdir(), 'bsns-test-'));
    const cluster = await startEmbeddedPostgres({ dataDir, port: await freePort(), layout: databaseLayout('bsns_unused') });
    adminUrl = cluster.adminUrl;
    stopEmbedded = () => cluster.stop();
  }
  const { urls } = await provisionDatabases({ adminUrl, layout });
  await migrateDatabase(urls.identityOwner, 'identity');
  await migrateDatabase(urls.businessOwner, 'business');
  project.provide('testMasterKeys', generateKeySpec('test1'));
  project.provide('testRedisUrl', process.env.BSNS_TEST_REDIS_URL || 'redis://127.0.0.1:6379');
  project.provide('testDatabases', { adminUrl, urls, backend: serverUrl ? 'server' : 'embedded' });

  return async () => {
    await dropProvisionedDatabases(adminUrl, layout);
    await stopEmbedded?.();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  };
}
