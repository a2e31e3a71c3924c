import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { createLogger, type Logger } from '../../src/platform/logging/logger.js';
import { openPlatform, type OpenPlatformOptions, type Platform } from '../../src/platform/open-platform.js';

// One mailbox per test process; the master keys are the run's (see global-setup), since every
// process signs session tokens with keys sealed in the one identity database.
export const TEST_MAILBOX = path.join(tmpdir(), `bsns-test-mail-${process.pid}-${randomUUID().slice(0, 8)}`);

/** Stored files of this test process (pact's PDFs), sealed as in production. */
export const TEST_BLOB_DIR = path.join(tmpdir(), `bsns-test-blobs-${process.pid}-${randomUUID().slice(0, 8)}`);

export const TEST_JOB_NAMESPACE = `t${process.pid}_${randomUUID().slice(0, 8)}`;

/** The environment that points a config at this run's test databases. */
export function testEnv(extra: Record<string, string> = {}): Record<string, string> {
  const { urls } = inject('testDatabases');
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    IDENTITY_DATABASE_URL: urls.identity,
    IDENTITY_OWNER_DATABASE_URL: urls.identityOwner,
    BUSINESS_DATABASE_URL: urls.business,
    BUSINESS_OWNER_DATABASE_URL: urls.businessOwner,
    BSNS_MASTER_KEYS: inject('testMasterKeys'),
    MAIL_URL: `file://${TEST_MAILBOX}`,
    BSNS_BLOB_DIR: TEST_BLOB_DIR,
    // Test processes share one database: each runs only the jobs it added (its mailbox is its own).
    BSNS_JOB_NAMESPACE: TEST_JOB_NAMESPACE,
    ...extra,
  };
}

/** A kernel connected to this run's test databases, as the runtime roles; silent unless given a logger. */
export async function openTestPlatform(extra: Record<string, string> = {}, options: OpenPlatformOptions & { logger?: Logger } = {}): Promise<Platform> {
  const config = loadConfig(testEnv(extra), process.cwd());
  const { logger = createLogger('silent'), ...platformOptions } = options;
  return openPlatform(config, logger, platformOptions);
}

/** A fresh tenant, created the only way tenant rows can be: inside its own tenant transaction. */
export async function createTestTenant(platform: Platform, name = `Tenant ${randomUUID().slice(0, 8)}`): Promise<string> {
  const id = randomUUID();
  await platform.businessDb.withTenant(id, (tx) => tx.query('INSERT INTO tenants (id, name) VALUES ($1, $2)', [id, name]));
  return id;
}
