import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import type { DatabaseUrls } from '../src/config/index.js';
import { databaseLayout, dropProvisionedDatabases, provisionDatabases, startEmbeddedPostgres } from '../src/platform/db/index.js';
import { migrateDatabase } from '../src/platform/migrations/index.js';

export interface TestDatabases {
  readonly adminUrl: string;
  readonly urls: DatabaseUrls;
  readonly backend: 'server' | 'embedded';
}

declare module 'vitest' {
  export interface ProvidedContext {
    testDatabases: TestDatabases;
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
  project.provide('testDatabases', { adminUrl, urls, backend: serverUrl ? 'server' : 'embedded' });

  return async () => {
    await dropProvisionedDatabases(adminUrl, layout);
    await stopEmbedded?.();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
