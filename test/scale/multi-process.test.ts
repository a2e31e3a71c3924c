/**
 * Three `bsns start` processes on one pair of external databases, as behind a load balancer.
 * Nothing a request depends on may live in one process only: a session made on one is good on
 * the others, a revocation and a signing-key rotation reach all of them, and a rate limit counts
 * the attempts of all of them against one ceiling. (A job running exactly once belongs to the job
 * worker, which does not exist yet.)
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { migrateDatabase } from '../../src/platform/migrations/index.js';
import { freePort } from '../../src/platform/db/free-port.js';
import { createLogger } from '../../src/platform/logging/logger.js';
import { openPlatform, type Platform } from '../../src/platform/open-platform.js';
import { loadConfig } from '../../src/config/index.js';
import { systemClock } from '../../src/platform/clock.js';
import { IDENTITY_RATE_LIMITS } from '../../src/identity/rate-limit-rules.js';
import { runtimeSupportWarning } from '../../src/platform/runtime-support.js';
import { cliEnv, runCli, spawnCli, stopCli, waitForHealthy, type CliProcess } from '../support/cli-process.js';
import { createTestMember, TEST_PASSWORD, type TestMember } from '../support/identity-members.js';
import { provisionScratchDatabases, type ScratchDatabases } from '../support/scratch-databases.js';
import { TEST_MAILBOX } from '../support/test-platform.js';

const PUBLIC_URL = 'http://localhost:3000';
let databases: ScratchDatabases;
let env: Record<string, string>;
let seeding: Platform;
const processes: { cli: CliProcess; base: string }[] = [];

async function startProcess(): Promise<{ cli: CliProcess; base: string }> {
  const port = await freePort();
  const cli = spawnCli(['start'], cliEnv({ ...env, PORT: String(port) }));
  const started = { cli, base: `http://127.0.0.1:${port}` };
  processes.push(started);
  await waitForHealthy(cli, port);
  return started;
}

beforeAll(async () => {
  databases = await provisionScratchDatabases();
  await migrateDatabase(databases.urls.identityOwner, 'identity');
  await migrateDatabase(databases.urls.businessOwner, 'business');
  env = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    BSNS_PUBLIC_URL: PUBLIC_URL,
    IDENTITY_DATABASE_URL: databases.urls.identity,
    IDENTITY_OWNER_DATABASE_URL: databases.urls.identityOwner,
    BUSINESS_DATABASE_URL: databases.urls.business,
    BUSINESS_OWNER_DATABASE_URL: databases.urls.businessOwner,
    BSNS_MASTER_KEYS: inject('testMasterKeys'),
    MAIL_URL: `file://${TEST_MAILBOX}`,
  };
  seeding = await openPlatform(loadConfig(env, process.cwd()), createLogger('silent'));
  await Promise.all([startProcess(), startProcess(), startProcess()]);
}, 120_000);

afterAll(async () => {
  await Promise.all(processes.map(({ cli }) => stopCli(cli)));
  await seeding?.close();
  await databases?.drop();
});

interface Session {
  readonly token: string;
  readonly refresh: string;
}

async function signIn(base: string, member: TestMember, password = TEST_PASSWORD): Promise<{ status: number; session: Session | null }> {
  const response = await fetch(`${base}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { origin: PUBLIC_URL, 'content-type': 'application/json' },
    body: JSON.stringify({ email: member.email, password }),
  });
  await response.arrayBuffer();
  const cookies = new Map(response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]!.split('=') as [string, string]));
  const token = cookies.get('bsns-session');
  const refresh = cookies.get('bsns-refresh');
  return { status: response.status, session: token && refresh ? { token, refresh } : null };
}

async function currentSession(base: string, cookie: string): Promise<{ status: number; sessionId?: string }> {
  const response = await fetch(`${base}/api/v1/auth/session`, { headers: { cookie } });
  const body = (await response.json()) as { session?: { id: string } };
  return { status: response.status, sessionId: body.session?.id };
}

function kidOf(token: string): string {
  return (JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8')) as { kid: string }).kid;
}

async function member(): Promise<TestMember> {
  return createTestMember(seeding.identityDb, systemClock);
}

describe('three processes on one pair of databases', () => {
  it('accept a session made on any one of them', async () => {
    const { session } = await signIn(processes[0]!.base, await member());
    const seen = await Promise.all(processes.slice(0, 3).map(({ base }) => currentSession(base, `bsns-session=${session!.token}`)));
    expect(seen.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(new Set(seen.map((answer) => answer.sessionId)).size).toBe(1);
  });

  it('all refuse to renew a session revoked on one of them, at once', async () => {
    const user = await member();
    const revoker = (await signIn(processes[1]!.base, user)).session!;
    // Refresh tokens rotate on use, so every process gets sessions of its own to try.
    for (const { base } of processes.slice(0, 3)) {
      const control = (await signIn(processes[0]!.base, user)).session!;
      expect((await currentSession(base, `bsns-refresh=${control.refresh}`)).status).toBe(200);

      const victim = (await signIn(processes[0]!.base, user)).session!;
      const victimId = (await currentSession(processes[2]!.base, `bsns-session=${victim.token}`)).sessionId!;
      const revoked = await fetch(`${processes[1]!.base}/api/v1/auth/sessions/${victimId}`, { method: 'DELETE', headers: { origin: PUBLIC_URL, cookie: `bsns-session=${revoker.token}` } });
      expect(revoked.status).toBe(204);
      expect((await currentSession(base, `bsns-refresh=${victim.refresh}`)).status).toBe(401);
    }
  });

  it('all accept tokens signed with a key rotated in by another process, at once', async () => {
    const before = (await signIn(processes[0]!.base, await member())).session!;
    const rotated = await runCli(['keys', 'rotate-signing'], cliEnv(env));
    expect(rotated.code, rotated.stderr).toBe(0);
    // A process started after the rotation signs with the new key from its first token; the
    // running ones switch their own signing within the key cache window (docs/operations/workers.md).
    const fresh = await startProcess();
    const after = (await signIn(fresh.base, await member())).session!;
    expect(kidOf(after.token)).not.toBe(kidOf(before.token));
    for (const { base } of processes.slice(0, 3)) {
      expect((await currentSession(base, `bsns-session=${after.token}`)).status).toBe(200);
      expect((await currentSession(base, `bsns-session=${before.token}`)).status).toBe(200); // the retired key still verifies
    }
  });

  it('hold one account sign-in ceiling across all of them (within 5%)', async () => {
    const target = await member();
    const ceiling = IDENTITY_RATE_LIMITS.signInAccount.limit;
    const attempts = Array.from({ length: ceiling * 4 }, (_, index) => signIn(processes[index % 3]!.base, target, 'wrong password'));
    const statuses = (await Promise.all(attempts)).map((attempt) => attempt.status);
    const checked = statuses.filter((status) => status !== 429).length;
    expect(statuses.every((status) => status === 401 || status === 429)).toBe(true);
    expect(checked).toBeGreaterThanOrEqual(Math.floor(ceiling * 0.95));
    expect(checked).toBeLessThanOrEqual(Math.ceil(ceiling * 1.05));
  });
});

describe('bsns start --workers', () => {
  it('runs the suite in N cluster workers on one port and stops them all on SIGTERM', { timeout: 90_000 }, async () => {
    const port = await freePort();
    const cli = spawnCli(['start', '--workers', '2'], cliEnv({ ...env, LOG_LEVEL: 'info', PORT: String(port) }));
    try {
      await waitForHealthy(cli, port);
      // Each worker logs its own "serving" line with its cluster id; the primary serves nothing.
      const servingWorkers = async () =>
        new Set(
          cli
            .output()
            .stdout.split('\n')
            .filter((line) => line.includes('bsns is serving'))
            .map((line) => (JSON.parse(line) as { worker?: number }).worker),
        );
      await expect.poll(servingWorkers, { timeout: 60_000 }).toEqual(new Set([1, 2]));
    } finally {
      const result = await stopCli(cli);
      expect(result.code, result.stderr).toBe(0);
    }
    // An end-of-life runtime is reported once per installation (by worker 1), not once per worker.
    const endOfLife = cli.output().stdout.split('\n').filter((line) => line.includes('reached end of life'));
    expect(endOfLife).toHaveLength(runtimeSupportWarning(process.version, new Date()) === null ? 0 : 1);
  });

  it('refuses more than one worker on the embedded PostgreSQL', async () => {
    const result = await runCli(['start', '--workers', '2'], cliEnv({ NODE_ENV: 'test', LOG_LEVEL: 'silent', BSNS_MASTER_KEYS: inject('testMasterKeys') }));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--workers above 1 needs external databases/);
  });
});
