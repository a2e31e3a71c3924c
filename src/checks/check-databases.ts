import { freePort } from '../platform/db/free-port.js';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Config, DatabaseUrls } from '../config/index.js';
import { databaseLayout, dropProvisionedDatabases, provisionDatabases, resolveDatabases, startEmbeddedPostgres } from '../platform/db/index.js';
import { loadMigrations, migrateDatabase, type Migration } from '../platform/migrations/index.js';

/** Databases a check reads, and how to let go of them afterwards. */
export interface CheckDatabases {
  readonly urls: DatabaseUrls;
  /** Whether these are throw-away databases migrated from this tree, or the configured ones. */
  readonly kind: 'scratch' | 'configured';
  close(): Promise<void>;
}

export interface ScratchOptions {
  /** A superuser URL (`DATABASE_ADMIN_URL`); without one a throw-away embedded PostgreSQL is started. */
  readonly adminUrl?: string | undefined;
  /** Business migrations to apply instead of the tree's own (tests plant violations this way). */
  readonly businessMigrations?: Migration[];
}

/**
 * Provisions a fresh identity and business database under a unique prefix and migrates them
 * from this tree, so the checks judge exactly what the migrations produce. Everything is dropped
 * on close (or, when embedded, the whole throw-away cluster is stopped and deleted).
 */
export async function openScratchDatabases(options: ScratchOptions = {}): Promise<CheckDatabases> {
  const layout = databaseLayout(`bsns_chk${randomBytes(4).toString('hex')}`);
  let urls: DatabaseUrls;
  let release: () => Promise<void>;
  if (options.adminUrl) {
    const adminUrl = options.adminUrl;
    release = () => dropProvisionedDatabases(adminUrl, layout);
    try {
      urls = (await provisionDatabases({ adminUrl, layout })).urls;
    } catch (error) {
      await release().catch(() => undefined);
      throw error;
    }
  } else {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'bsns-check-'));
    const removeDir = () => rm(dataDir, { recursive: true, force: true });
    try {
      const cluster = await startEmbeddedPostgres({ dataDir, port: await freePort(), layout });
      urls = cluster.urls;
      release = async () => {
        await cluster.stop();
        await removeDir();
      };
    } catch (error) {
      await removeDir();
      throw error;
    }
  }
  try {
    await migrateDatabase(urls.identityOwner, 'identity');
    await migrateDatabase(urls.businessOwner, 'business', options.businessMigrations ?? (await loadMigrations('business')));
  } catch (error) {
    await release();
    throw error;
  }
  return { urls, kind: 'scratch', close: release };
}

/** The databases of the current configuration (starting the embedded cluster in embedded mode), as deployed: not migrated. */
export async function openConfiguredDatabases(config: Config): Promise<CheckDatabases> {
  const { urls, embedded } = await resolveDatabases(config);
  return { urls, kind: 'configured', close: async () => embedded?.stop() };
}

