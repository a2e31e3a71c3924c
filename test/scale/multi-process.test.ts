/**
 * Three `bsns start` processes on one pair of external databases, as behind a load balancer.
 * Nothing a request depends on may live in one process only: a session made on one is good on
 * the others, a revocation, a disabled user and a signing-key rotation reach all of them within
 * the bounds of docs/operations/workers.md, a rate limit counts the attempts of all of them
 * against one ceiling, and each runs the outbox worker and the scheduler, yet every job runs once.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { migrateDatabase } from '../../src/platform/migrations/index.js';
import { freePort } from '../../src/platform/db/free-port.js';
import { createLogger } from '../../src/platform/logging/logger.js';
import { openPlatform, type Platform } from '../../src/platform/open-platform.js';
import { createTenantMirror } from '../../src/platform/tenancy/index.js';
import { loadConfig } from '../../src/config/index.js';
import { systemClock } from '../../src/platform/clock.js';
import { IDENTITY_RATE_LIMITS } from '../../src/identity/rate-limit-rules.js';
import { SESSION_TOKEN_TTL_SECONDS } from '../../src/identity/sessions/session-token.js';
import { runtimeSupportWarning } from '../../src/platform/runtime-support.js';
import { cliEnv, runCli, spawnCli, stopCli, waitForHealthy, type CliProcess } from '../support/cli-process.js';
import { createTestMember, TEST_PASSWORD, type TestMember } from '../support/identity-members.js';
import { provisionScratchDatabases, type ScratchDatabases } from '../support/scratch-databases.js';
import { TEST_MAILBOX } from '../support/test-platform.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';

const PUBLIC_URL = 'http://localhost:3000';
// Short enough to watch in a test; the defaults (30 s, 60 s) are what workers.md states as bounds.
const SCHEDULER_TICK_MS = 1_000;
const SIGNING_KEY_CACHE_MS = 2_000;
const OUTBOX_JOBS = 30;
let databases: ScratchDatabases;
let receiver: WebhookReceiver;
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
  receiver = await WebhookReceiver.start();
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
    // The receiver listens on loopback, which production refuses: allow exactly that address.
    BSNS_WEBHOOK_PRIVATE_ALLOWLIST: '127.0.0.1',
    BSNS_SCHEDULER_TICK_MS: String(SCHEDULER_TICK_MS),
    BSNS_SIGNING_KEY_CACHE_MS: String(SIGNING_KEY_CACHE_MS),
  };
  seeding = await openPlatform(loadConfig(env, process.cwd()), createLogger('silent'));
  await Promise.all([startProcess(), startProcess(), startProcess()]);
}, 120_000);

afterAll(async () => {
  await Promise.all(processes.map(({ cli }) => stopCli(cli)));
  await seeding?.close();
  await databases?.drop();
  await receiver?.close();
});

interface Session {
  readonly token: string;
  readonly refresh: string;
}

function cookiesOf(response: Response): Map<string, string> {
  return new Map(response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]!.split('=') as [string, string]));
}

async function signIn(base: string, member: TestMember, password = TEST_PASSWORD): Promise<{ status: number; session: Session | null }> {
  const response = await fetch(`${base}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { origin: PUBLIC_URL, 'content-type': 'application/json' },
    body: JSON.stringify({ email: member.email, password }),
  });
  await response.arrayBuffer();
  const cookies = cookiesOf(response);
  const token = cookies.get('bsns-session');
  const refresh = cookies.get('bsns-refresh');
  return { status: response.status, session: token && refresh ? { token, refresh } : null };
}

/** Renews a session from its refresh secret alone, as a browser whose token expired does: a token this process signed, and the rotated secret. */
async function renew(base: string, refresh: string): Promise<{ status: number; session: Session | null }> {
  const response = await fetch(`${base}/api/v1/auth/session`, { headers: { cookie: `bsns-refresh=${refresh}` } });
  await response.arrayBuffer();
  const cookies = cookiesOf(response);
  const token = cookies.get('bsns-session');
  return { status: response.status, session: token ? { token, refresh: cookies.get('bsns-refresh') || refresh } : null };
}

async function currentSession(base: string, cookie: string): Promise<{ status: number; sessionId?: string }> {
  const response = await fetch(`${base}/api/v1/auth/session`, { headers: { cookie } });
  const body = (await response.json()) as { session?: { id: string } };
  return { status: response.status, sessionId: body.session?.id };
}

/** A JSON request as the suite's own pages send it (session cookie, same origin) or as an API client does (bearer token). */
async function send(base: string, method: string, path: string, credential: { token?: string; bearer?: string }, body?: unknown): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = { origin: PUBLIC_URL };
  if (credential.token) headers.cookie = `bsns-session=${credential.token}`;
  if (credential.bearer) headers.authorization = `Bearer ${credential.bearer}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
}

function kidOf(token: string): string {
  return (JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8')) as { kid: string }).kid;
}

function expiryOf(token: string): number {
  return (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { exp: number }).exp;
}

async function member(): Promise<TestMember> {
  return createTestMember(seeding.identityDb, systemClock);
}

/** A member whose tenant is in the business database too, as their first launch would leave it. */
async function memberWithTenant(): Promise<TestMember> {
  const created = await member();
  await createTenantMirror(seeding.businessDb, { afterMirror: () => seeding.tenantVault.ensureDataKey() })({ id: created.tenantId, name: 'Mirrored' });
  return created;
}

/** Connections holding an outbox worker's liveness lock: one per process running the worker. */
async function liveOutboxWorkers(): Promise<number> {
  const admin = new pg.Client({ connectionString: databases.adminUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'bsns-worker-liveness' AND datname = $1", [
      new URL(databases.urls.business).pathname.slice(1),
    ]);
    return rows[0]!.n;
  } finally {
    await admin.end();
  }
}

describe('three processes on one pair of databases', () => {
  it('accept a session made on any one of them', async () => {
    const { session } = await signIn(processes[0]!.base, await member());
    const seen = await Promise.all(processes.map(({ base }) => currentSession(base, `bsns-session=${session!.token}`)));
    expect(seen.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(new Set(seen.map((answer) => answer.sessionId)).size).toBe(1);
  });

  it('all refuse to renew a session revoked on one of them, at once', async () => {
    const user = await member();
    const revoker = (await signIn(processes[1]!.base, user)).session!;
    // Refresh tokens rotate on use, so every process gets sessions of its own to try.
    for (const { base } of processes) {
      const control = (await signIn(processes[0]!.base, user)).session!;
      expect((await currentSession(base, `bsns-refresh=${control.refresh}`)).status).toBe(200);

      const victim = (await signIn(processes[0]!.base, user)).session!;
      const victimId = (await currentSession(processes[2]!.base, `bsns-session=${victim.token}`)).sessionId!;
      const revoked = await fetch(`${processes[1]!.base}/api/v1/auth/sessions/${victimId}`, { method: 'DELETE', headers: { origin: PUBLIC_URL, cookie: `bsns-session=${revoker.token}` } });
      expect(revoked.status).toBe(204);
      expect((await currentSession(base, `bsns-refresh=${victim.refresh}`)).status).toBe(401);
    }
  });

  it('all refuse a user disabled behind their backs at once, but for tokens already issued, which end within their lifetime', async () => {
    const user = await memberWithTenant();
    // One session per process, so each renews its own (refresh secrets rotate on use).
    const sessions = await Promise.all(processes.map(async ({ base }) => (await signIn(base, user)).session!));
    const minted = await send(processes[0]!.base, 'POST', '/api/v1/account/tokens', sessions[0]!, {
      name: 'multi-process',
      scopes: ['labels:read'],
      expiresAt: new Date(Date.now() + 24 * 3600_000).toISOString(),
    });
    expect(minted.status, JSON.stringify(minted.body)).toBe(201);
    const apiToken = (minted.body as { secret: string }).secret;
    for (const { base } of processes) expect((await send(base, 'GET', '/api/v1/records/labels', { bearer: apiToken })).status).toBe(200);

    await seeding.identityDb.query('UPDATE users SET disabled_at = now() WHERE id = $1', [user.id]);
    const disabledAt = Date.now() / 1000;
    for (const [index, { base }] of processes.entries()) {
      expect((await signIn(base, user)).status).toBe(401);
      expect((await send(base, 'GET', '/api/v1/records/labels', { bearer: apiToken })).status).toBe(401);
      // Identity's state changes read the session row and its user: refused on every process.
      expect((await send(base, 'PATCH', '/api/v1/auth/profile', sessions[index]!, { displayName: 'Disabled' })).status).toBe(401);
      expect((await renew(base, sessions[index]!.refresh)).status).toBe(401);
      // Elsewhere the signature is trusted until expiry: the bound workers.md states.
      expect(expiryOf(sessions[index]!.token)).toBeLessThanOrEqual(disabledAt + SESSION_TOKEN_TTL_SECONDS);
    }
    const live = await seeding.identityDb.query('SELECT id FROM sessions WHERE user_id = $1 AND revoked_at IS NULL', [user.id]);
    expect(live.rows).toEqual([]); // each refused renewal ended its session
  });

  it('all refuse a personal access token on the very next request after it was revoked on one of them, warm caches and all', async () => {
    const user = await memberWithTenant();
    const { session } = await signIn(processes[0]!.base, user);
    const minted = await send(processes[0]!.base, 'POST', '/api/v1/account/tokens', session!, { name: 'cached', scopes: ['labels:read'], expiresAt: new Date(Date.now() + 24 * 3600_000).toISOString() });
    expect(minted.status, JSON.stringify(minted.body)).toBe(201);
    const { secret, token } = minted.body as { secret: string; token: { id: string } };
    // Several reads on each process: the first fills its token cache, the others are answered from it.
    for (const { base } of processes) for (let read = 0; read < 3; read += 1) expect((await send(base, 'GET', '/api/v1/records/labels', { bearer: secret })).status).toBe(200);
    expect((await send(processes[1]!.base, 'DELETE', `/api/v1/account/tokens/${token.id}`, (await signIn(processes[1]!.base, user)).session!)).status).toBe(204);
    for (const { base } of processes) expect((await send(base, 'GET', '/api/v1/records/labels', { bearer: secret })).status).toBe(401);
  });

  it('all sign with a key rotated in by another process within the key cache window, and all verify it', async () => {
    const user = await member();
    const before = await Promise.all(processes.map(async ({ base }) => (await signIn(base, user)).session!));
    const oldKid = kidOf(before[0]!.token);
    const rotated = await runCli(['keys', 'rotate-signing'], cliEnv(env));
    expect(rotated.code, rotated.stderr).toBe(0);
    const rotatedAt = performance.now();
    const newKid = (await seeding.identityDb.query<{ kid: string }>('SELECT kid FROM signing_keys ORDER BY created_at DESC LIMIT 1')).rows[0]!.kid;
    expect(newKid).not.toBe(oldKid);

    // Nothing tells a process about the rotation: each renews its session until the token it signs
    // carries the new key. No process has seen a token of that key yet, so only the cache expiry
    // can make it switch.
    const after = await Promise.all(
      processes.map(async ({ base }, index) => {
        let session = before[index]!;
        while (kidOf(session.token) !== newKid) {
          if (performance.now() - rotatedAt > SIGNING_KEY_CACHE_MS + 5_000) throw new Error(`${base} still signs with ${kidOf(session.token)}`);
          await sleep(200);
          const renewed = await renew(base, session.refresh);
          expect(renewed.status).toBe(200);
          session = renewed.session!;
        }
        return { session, switchedAfterMs: performance.now() - rotatedAt };
      }),
    );
    // The cache window plus one poll step and a request's latency on a loaded machine.
    for (const { switchedAfterMs } of after) expect(switchedAfterMs).toBeLessThan(SIGNING_KEY_CACHE_MS + 2_000);

    for (const { base } of processes) {
      for (const { session } of after) expect((await currentSession(base, `bsns-session=${session.token}`)).status).toBe(200);
      expect((await currentSession(base, `bsns-session=${before[0]!.token}`)).status).toBe(200); // the retired key still verifies
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

  it('deliver each outbox side effect once, whichever process took the write and whichever worker ran the job', { timeout: 60_000 }, async () => {
    expect(await liveOutboxWorkers()).toBe(processes.length); // every process runs the in-process worker
    const owner = await memberWithTenant();
    const session = (await signIn(processes[0]!.base, owner)).session!;
    const endpoint = await send(processes[1]!.base, 'POST', '/api/v1/webhooks/endpoints', session, { url: receiver.url, topics: ['records.label.created'] });
    expect(endpoint.status, JSON.stringify(endpoint.body)).toBe(201);

    const created = await Promise.all(
      Array.from({ length: OUTBOX_JOBS }, (_, index) => send(processes[index % processes.length]!.base, 'POST', '/api/v1/records/labels', session, { name: `Once ${index}` })),
    );
    expect(created.map((answer) => answer.status)).toEqual(Array(OUTBOX_JOBS).fill(201));
    const labelIds = new Set(created.map((answer) => (answer.body as { id: string }).id));
    const received = () =>
      receiver.requests.map((request) => (JSON.parse(request.body) as { data: { label?: { id: string } } }).data.label?.id).filter((id) => id !== undefined && labelIds.has(id));

    await vi.waitFor(() => expect(new Set(received()).size).toBe(OUTBOX_JOBS), { timeout: 30_000, interval: 100 });
    // Every worker polls again (graphile-worker's 2 s) before the count: a job run twice shows by now.
    await sleep(3_000);
    expect(received().sort()).toEqual([...labelIds].sort());
    const rows = await seeding.businessDb.withTenant(owner.tenantId, async (tx) => ({
      events: (await tx.query('SELECT id FROM outbox_events WHERE processed_at IS NOT NULL')).rows.length,
      deliveries: (await tx.query<{ status: string; attempts: number }>('SELECT status, attempts FROM webhook_deliveries')).rows,
    }));
    expect(rows.events).toBe(OUTBOX_JOBS);
    expect(rows.deliveries).toEqual(Array(OUTBOX_JOBS).fill({ status: 'delivered', attempts: 1 }));
  });

  it('run a scheduled job due once exactly once, though every one of them ticks', { timeout: 30_000 }, async () => {
    const job = 'rate-limits.delete-expired';
    const runs = async () => (await seeding.identityDb.query<{ n: number }>('SELECT count(*)::int AS n FROM scheduled_job_runs WHERE job_name = $1', [job])).rows[0]!.n;
    // Registered at start and due at once: of three processes starting together, one ran it.
    expect(await runs()).toBe(1);
    await seeding.identityDb.query('UPDATE scheduled_jobs SET next_run_at = now() WHERE name = $1', [job]);
    await vi.waitFor(async () => expect(await runs()).toBe(2), { timeout: 5 * SCHEDULER_TICK_MS, interval: 100 });
    await sleep(3 * SCHEDULER_TICK_MS); // three more ticks of each process: none runs it again
    expect(await runs()).toBe(2);
    const { rows } = await seeding.identityDb.query<{ outcome: string }>('SELECT outcome FROM scheduled_job_runs WHERE job_name = $1', [job]);
    expect(rows.map((row) => row.outcome)).toEqual(['succeeded', 'succeeded']);
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
