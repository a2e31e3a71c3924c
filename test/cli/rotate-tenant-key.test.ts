import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../../src/platform/open-platform.js';
import { cliEnv, runCli, spawnCli } from '../support/cli-process.js';
import { createTestTenant, openTestPlatform, testEnv } from '../support/test-platform.js';

// `npx bsns keys rotate-tenant-key` re-seals a tenant's sealed columns in batches. An operator's
// run can die at any point (OOM killer, a closed terminal): killed with SIGKILL halfway, a rerun
// resumes the same rotation and finishes it, and every value still opens.
const ROWS = 1200;
let platform: Platform;
let tenant: string;
const secrets = new Map<string, string>();

beforeAll(async () => {
  platform = await openTestPlatform();
  tenant = await createTestTenant(platform);
  await platform.businessDb.withTenant(tenant, async (tx) => {
    for (let i = 0; i < ROWS; i++) {
      const id = randomUUID();
      const secret = `whsec-${i}-${randomUUID()}`;
      secrets.set(id, secret);
      const sealed = await platform.tenantVault.seal(secret, { table: 'webhook_endpoints', column: 'secret_sealed', rowId: id });
      await tx.query('INSERT INTO webhook_endpoints (tenant_id, id, url, secret_sealed) VALUES ($1, $2, $3, $4)', [tenant, id, `https://example.com/${i}`, sealed]);
    }
  });
});
afterAll(() => platform.close());

async function keyVersions(): Promise<Record<string, number>> {
  const { rows } = await platform.businessDb.withTenant(tenant, (tx) =>
    tx.query<{ key: string; n: string }>(`SELECT split_part(secret_sealed, '.', 2) AS key, count(*) AS n FROM webhook_endpoints GROUP BY 1`),
  );
  return Object.fromEntries(rows.map((row) => [row.key, Number(row.n)]));
}

describe('bsns keys rotate-tenant-key', { timeout: 120_000 }, () => {
  it('resumes after kill -9 halfway and finishes; every value still reads', async () => {
    const env = cliEnv(testEnv());
    const first = spawnCli(['keys', 'rotate-tenant-key', '--tenant', tenant, '--batch-size', '5'], env);
    await new Promise<void>((resolve, reject) => {
      first.child.stdout!.on('data', () => {
        if (/webhook_endpoints\.secret_sealed: \d+\/1200/.test(first.output().stdout)) resolve();
      });
      void first.exited.then((result) => reject(new Error(`exited before progress: ${result.stdout}${result.stderr}`)));
    });
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');

    const halfway = await keyVersions();
    expect(halfway.dk1).toBeGreaterThan(0);
    expect(halfway.dk2).toBeGreaterThan(0);

    const second = await runCli(['keys', 'rotate-tenant-key', '--tenant', tenant, '--batch-size', '200'], env);
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Resumed rotation to data key dk2');
    expect(second.stdout).toMatch(/webhook_endpoints\.secret_sealed: \d+\/\d+/);
    expect(await keyVersions()).toEqual({ dk2: ROWS });

    await platform.businessDb.withTenant(tenant, async (tx) => {
      const { rows } = await tx.query<{ id: string; secret_sealed: string }>('SELECT id, secret_sealed FROM webhook_endpoints');
      for (const row of rows) {
        expect(await platform.tenantVault.open(row.secret_sealed, { table: 'webhook_endpoints', column: 'secret_sealed', rowId: row.id })).toEqual({ status: 'ok', value: secrets.get(row.id) });
      }
      const keys = await tx.query('SELECT version, state, wrapped_key IS NULL AS erased FROM tenant_data_keys ORDER BY version');
      expect(keys.rows).toEqual([
        { version: 0, state: 'index', erased: false },
        { version: 1, state: 'destroyed', erased: true },
        { version: 2, state: 'active', erased: false },
      ]);
    });
  });
});
