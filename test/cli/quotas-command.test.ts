import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../../src/platform/open-platform.js';
import { cliEnv, runCli } from '../support/cli-process.js';
import { testEnv, openTestPlatform } from '../support/test-platform.js';

// The operator raises (or lowers) one tenant's limits without a deploy; a typo is refused, never stored.

let platform: Platform;
let tenantId: string;

beforeAll(async () => {
  platform = await openTestPlatform();
  tenantId = (await platform.identityDb.query<{ id: string }>("INSERT INTO tenants (name) VALUES ('CLI quotas') RETURNING id")).rows[0]!.id;
});

afterAll(() => platform.close());

const cli = (...args: string[]) => runCli(['quotas', ...args], cliEnv(testEnv({ BSNS_QUOTAS: 'tenant.members=77' })));

describe('bsns quotas', () => {
  // Three CLI processes in a row (each boots tsx and the config): ~9 s apiece on a loaded CI machine.
  it('stores a tenant override that the running platform enforces, and shows where each limit comes from', { timeout: 90_000 }, async () => {
    const set = await cli('set', '--tenant', tenantId, 'tenant.labels=5000', 'tenant.webhooks=3');
    expect(set.stderr).toBe('');
    expect(set.code).toBe(0);
    expect(await platform.quotas.limitOf('tenant.labels', tenantId)).toBe(5000);

    const shown = await cli('show', '--tenant', tenantId);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/^tenant\.labels +5000 {2}override$/m);
    expect(shown.stdout).toMatch(/^tenant\.members +77 {2}BSNS_QUOTAS$/m);
    expect(shown.stdout).toMatch(/^tenant\.notes +100000 {2}default$/m);
    expect(shown.stdout).not.toContain('user.tenants_owned');

    expect((await cli('unset', '--tenant', tenantId, 'tenant.labels')).code).toBe(0);
    expect(await platform.quotas.limitOf('tenant.labels', tenantId)).toBe(1000);
  });

  it.each([
    ['an unknown key', ['set', '--tenant', 'TENANT', 'tenant.lables=5'], '"tenant.lables" is not a quota'],
    ['a user quota on a tenant', ['set', '--tenant', 'TENANT', 'user.tenants_owned=5'], 'user.tenants_owned is not a tenant quota'],
    ['a tenant that does not exist', ['set', '--tenant', randomUUID(), 'tenant.labels=5'], 'no tenant'],
  ])('refuses %s with one line and exit 1, storing nothing', async (_, args, message) => {
    const result = await cli(...args.map((arg) => (arg === 'TENANT' ? tenantId : arg)));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(await platform.quotas.limitOf('tenant.labels', tenantId)).toBe(1000);
  });
});
