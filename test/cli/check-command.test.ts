import { describe, expect, inject, it } from 'vitest';
import { generateKeySpec } from '../../src/platform/crypto/index.js';
import { cliEnv, runCli } from '../support/cli-process.js';

// `npx bsns check <name>` is what CI and the pre-commit hook run: a finding must exit non-zero
// with a readable report, and a clean result must exit 0.
// Each test spawns the CLI (and the last provisions and drops scratch databases): give them room.
describe('bsns check', { timeout: 90_000 }, () => {
  it('exits 1 with the findings when a check fails', async () => {
    const result = await runCli(['check', 'env'], cliEnv({ BUSINES_DATABASE_URL: 'postgres://app@127.0.0.1/business' }));
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('check:env — FAILED, 1 finding');
    expect(result.stdout).toContain('BUSINES_DATABASE_URL is set but bsns does not read it: did you mean BUSINESS_DATABASE_URL?');
    expect(result.stderr).toContain('1 of 1 checks failed: check:env');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('judges the configured databases with --configured', async () => {
    const { urls } = inject('testDatabases');
    const result = await runCli(
      ['check', 'rls-coverage', '--configured'],
      cliEnv({
        IDENTITY_DATABASE_URL: urls.identity,
        IDENTITY_OWNER_DATABASE_URL: urls.identityOwner,
        BUSINESS_DATABASE_URL: urls.business,
        BUSINESS_OWNER_DATABASE_URL: urls.businessOwner,
        BSNS_MASTER_KEYS: generateKeySpec('k1'),
      }),
    );
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('check:rls-coverage — ok');
    expect(result.stdout).toContain(`runtime role ${new URL(urls.business).username}`);
    expect(result.code).toBe(0);
  });

  it('boots the suite on scratch databases to list its routes', async () => {
    const result = await runCli(['check', 'api-route-auth'], cliEnv({ DATABASE_ADMIN_URL: inject('testDatabases').adminUrl }));
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^ {2}GET +\/healthz +public$/m);
    expect(result.code).toBe(0);
  });
});
