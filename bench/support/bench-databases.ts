import { freePort } from '../../src/platform/db/free-port.js';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Config } from '../../src/config/index.js';
import { databaseLayout, dropProvisionedDatabases, provisionDatabases, startEmbeddedPostgres } from '../../src/platform/db/index.js';
import { migrateDatabase } from '../../src/platform/migrations/index.js';
import type { BenchDatabases } from './benchmark.js';

export interface OpenedBenchDatabases {
  readonly databases: BenchDatabases;
  /** Drops the layout and stops the embedded cluster (if one was started). Safe to call twice. */
  close(): Promise<void>;
}

/**
 * A fresh, migrated database layout for one run, on the server named by DATABASE_ADMIN_URL or
 * on a throw-away embedded PostgreSQL under `scratchDir`. The unique prefix means a bench never
 * touches an installation's own `bsns_*` databases and leaves nothing behind.
 */
export async function openBenchDatabases(config: Config, scratchDir: string, log: (line: string) => void): Promise<OpenedBenchDatabases> {
  const layout = databaseLayout(`bsns_b${randomBytes(4).toString('hex')}`);
  let adminUrl = config.databaseAdminUrl;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!adminUrl) {
    log('No DATABASE_ADMIN_URL: starting a throw-away embedded PostgreSQL.');
    const cluster = await startEmbeddedPostgres({ dataDir: scratchDir, port: await freePort(), layout: databaseLayout('bsns_unused') });
    adminUrl = cluster.adminUrl;
    stopEmbedded = () => cluster.stop();
  }

  let closed = false;
  const admin = adminUrl;
  const close = async () => {
    if (closed) return;
    closed = true;
    await dropProvisionedDatabases(admin, layout).catch((error: unknown) => log(`Could not drop the bench databases: ${String(error)}`));
    await stopEmbedded?.();
  };

  try {
    const { urls } = await provisionDatabases({ adminUrl, layout });
    await migrateDatabase(urls.identityOwner, 'identity');
    await migrateDatabase(urls.businessOwner, 'business');
    return {
      databases: {
        backend: stopEmbedded ? 'embedded' : 'server',
        adminUrl,
        urls,
        businessDatabase: layout.businessDatabase,
        serverVersion: await serverVersion(adminUrl),
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

async function serverVersion(adminUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return rows[0]?.server_version ?? 'unknown';
  } finally {
    await client.end();
  }
}

