import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import type { DatabaseUrls } from '../../src/config/index.js';
import { databaseLayout, dropProvisionedDatabases, provisionDatabases, type DatabaseLayout } from '../../src/platform/db/index.js';

/** A freshly provisioned, unmigrated pair of databases with its own four roles. */
export interface ScratchDatabases {
  readonly adminUrl: string;
  readonly layout: DatabaseLayout;
  readonly urls: DatabaseUrls;
  readonly passwords: Readonly<Record<string, string>>;
  drop(): Promise<void>;
}

/**
 * Provisions a throw-away layout on this run's test cluster, for tests that need databases
 * in a state the shared per-run ones must not reach (unmigrated, half-migrated, tampered).
 * The prefix is unique, so files and runs never collide; call `drop()` in afterAll.
 */
export async function provisionScratchDatabases(): Promise<ScratchDatabases> {
  const { adminUrl } = inject('testDatabases');
  const layout = databaseLayout(`bsns_s${randomBytes(5).toString('hex')}`);
  const { urls, passwords } = await provisionDatabases({ adminUrl, layout });
  return { adminUrl, layout, urls, passwords, drop: () => dropProvisionedDatabases(adminUrl, layout) };
}
