import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Platform } from '../open-platform.js';
import { openTestPlatform } from '../../../test/support/test-platform.js';

let platform: Platform;
let admin: pg.Client;

beforeAll(async () => {
  platform = await openTestPlatform();
  admin = new pg.Client({ connectionString: platform.databaseUrls.businessOwner });
  await admin.connect();
});
afterAll(async () => {
  await admin.end();
  await platform.close();
});

async function jobConnections(processId: string): Promise<number> {
  const { rows } = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [`bsns-jobs ${processId}`]);
  return rows[0]!.n;
}

// Stopping the platform stops PostgreSQL next (embedded mode): a job connection still closing
// then would be cut under a pool with no error handler, and crash the process.
it('stopping the worker resolves only once its job connections are closed', async () => {
  const processId = await platform.outbox.startWorker();
  expect(await jobConnections(processId)).toBeGreaterThan(0);
  await platform.outbox.stopWorker();
  expect(await jobConnections(processId)).toBe(0);
});
