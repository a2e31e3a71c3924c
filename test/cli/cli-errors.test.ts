import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli } from '../support/cli-process.js';

// An operator's mistake gets one clear message and exit code 1; a stack trace means a bug.
const STACK_FRAME = /^\s+at /m;

let emptyDataDir: string;

beforeAll(async () => {
  emptyDataDir = await mkdtemp(path.join(tmpdir(), 'bsns-cli-'));
});

afterAll(async () => {
  await rm(emptyDataDir, { recursive: true, force: true });
});

describe('bsns start with a bad environment', () => {
  it('exits 1 naming every bad variable, without a stack trace or a secret', async () => {
    const result = await runCli(
      ['start'],
      cliEnv({
        BSNS_DATA_DIR: emptyDataDir,
        PORT: 'abc',
        LOG_LEVEL: 'loud',
        IDENTITY_DATABASE_URL: 'mysql://root:swordfish@db/identity',
        BUSINESS_DATABASE_URL: 'postgres://app:hunter2@db/business',
      }),
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^Invalid configuration:\n/);
    for (const name of ['PORT', 'LOG_LEVEL', 'IDENTITY_DATABASE_URL', 'IDENTITY_OWNER_DATABASE_URL', 'BUSINESS_OWNER_DATABASE_URL']) {
      expect(result.stderr).toContain(name);
    }
    expect(result.stderr).not.toMatch(STACK_FRAME);
    expect(result.stderr).not.toMatch(/swordfish|hunter2/);
  });
});

describe('bsns db', () => {
  it('refuses `db provision` without DATABASE_ADMIN_URL in one line', async () => {
    const result = await runCli(['db', 'provision'], cliEnv({ BSNS_DATA_DIR: emptyDataDir }));
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('Set DATABASE_ADMIN_URL to a superuser URL of the target server first.');
  });

  it('explains `db urls` before the embedded cluster exists', async () => {
    const result = await runCli(['db', 'urls'], cliEnv({ BSNS_DATA_DIR: emptyDataDir }));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`No embedded cluster in ${emptyDataDir} yet`);
    expect(result.stderr).not.toMatch(STACK_FRAME);
  });
});

describe('bsns start as root with a data directory the postgres user cannot reach', () => {
  // mkdtemp and mkdir -p make 0700 directories, so "postgres" cannot pass through them to a cluster inside.
  it.runIf(process.getuid?.() === 0)('names the closed directories instead of failing in initdb', async () => {
    const nested = path.join(emptyDataDir, 'nested');
    const result = await runCli(['start'], cliEnv({ BSNS_DATA_DIR: path.join(nested, 'data') }));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`The "postgres" user cannot reach ${path.join(nested, 'data', 'postgres')}: ${emptyDataDir}, ${nested} are closed to it.`);
    expect(result.stderr).not.toMatch(STACK_FRAME);
  });
});

describe('bsns with a wrong command', () => {
  it('exits 1 with usage help', async () => {
    const result = await runCli(['strat'], cliEnv({}));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("unknown command 'strat'");
    expect(result.stderr).toContain('Usage: bsns');
  });
});
