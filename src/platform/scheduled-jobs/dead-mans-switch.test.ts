import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLogs } from '../../../test/support/captured-logger.js';
import { openTestPlatform } from '../../../test/support/test-platform.js';
import { ManualClock } from '../clock.js';
import type { Platform } from '../open-platform.js';
import { appendAudit } from '../audit/index.js';
import { storedCheckpoints } from '../audit/audit-checkpoints.js';
import { housekeepingJobs, JobScheduler, listJobStatus, registerJobs, type ScheduledJob } from './index.js';

const MINUTE = 60_000;
const clock = new ManualClock(new Date('2026-12-02T00:00:00Z'));
let platform: Platform;

beforeAll(async () => {
  platform = await openTestPlatform({}, { clock });
});
afterAll(() => platform.close());

function job(overrides: Partial<ScheduledJob> & { run: ScheduledJob['run'] }): ScheduledJob {
  return { name: `test.${randomUUID().slice(0, 8)}`, intervalMs: 60 * MINUTE, graceMs: 10 * MINUTE, ...overrides };
}

async function statusOf(name: string) {
  return (await listJobStatus(platform.identityDb, clock)).find((status) => status.name === name)!;
}

async function alertsOf(name: string) {
  const { rows } = await platform.identityDb.query<{ kind: string; due_at: Date | null }>('SELECT kind, due_at FROM scheduled_job_alerts WHERE job_name = $1 ORDER BY detected_at', [name]);
  return rows;
}

describe("dead-man's switch", () => {
  it('flags a job that never reports once it is overdue by its grace, once per episode, with an error log line', async () => {
    const logs = captureLogs();
    // Registered (its process started), then nothing: the process that should run it died.
    const silent = job({ run: async () => {} });
    await registerJobs({ db: platform.identityDb, clock }, [silent]);
    const registeredAt = clock.now().getTime();
    const watchdog = new JobScheduler({ db: platform.identityDb, clock, logger: logs.logger }, []);

    clock.set(new Date(registeredAt + 70 * MINUTE - 1));
    await watchdog.watch();
    expect((await statusOf(silent.name)).overdue).toBe(false);
    expect(await alertsOf(silent.name)).toEqual([]);

    clock.set(new Date(registeredAt + 70 * MINUTE + 1));
    await watchdog.watch();
    const status = await statusOf(silent.name);
    expect(status.overdue).toBe(true);
    expect(status.flaggedAt?.toISOString()).toBe(clock.now().toISOString());
    expect(await alertsOf(silent.name)).toEqual([{ kind: 'overdue', due_at: new Date(registeredAt + 60 * MINUTE) }]);
    const line = logs.records().find((record) => record.msg === 'scheduled job overdue' && record.job === silent.name);
    expect(line).toEqual(expect.objectContaining({ level: 50 }));

    clock.advance(30 * MINUTE);
    await watchdog.watch();
    expect(await alertsOf(silent.name)).toHaveLength(1);
  });

  it('records start and success, runs a due job once across two processes, and a success ends the overdue episode', async () => {
    let runs = 0;
    const counted = job({ run: async () => void runs++ });
    const logs = captureLogs();
    const processA = new JobScheduler({ db: platform.identityDb, clock, logger: logs.logger }, [counted]);
    const processB = new JobScheduler({ db: platform.identityDb, clock, logger: logs.logger }, [counted]);
    await Promise.all([processA.tick(), processB.tick()]);
    expect(runs).toBe(1);
    let status = await statusOf(counted.name);
    expect(status.lastRun).toEqual(expect.objectContaining({ outcome: 'succeeded', startedAt: clock.now() }));
    expect(status.overdue).toBe(false);

    // Nothing ticks for 2 hours: overdue and flagged; the next run's success clears the flag.
    clock.advance(120 * MINUTE);
    await new JobScheduler({ db: platform.identityDb, clock, logger: logs.logger }, []).tick();
    expect((await statusOf(counted.name)).flaggedAt).not.toBeNull();
    await processA.tick();
    expect(runs).toBe(2);
    status = await statusOf(counted.name);
    expect(status.overdue).toBe(false);
    expect(status.flaggedAt).toBeNull();
  });

  it('records a failure with its message and flags it', async () => {
    const logs = captureLogs();
    const failing = job({
      run: async () => {
        throw new Error('disk full');
      },
    });
    await new JobScheduler({ db: platform.identityDb, clock, logger: logs.logger }, [failing]).tick();
    const status = await statusOf(failing.name);
    expect(status.lastRun).toEqual(expect.objectContaining({ outcome: 'failed', error: 'disk full' }));
    expect((await alertsOf(failing.name)).map((alert) => alert.kind)).toEqual(['failed']);
    expect(logs.records().some((record) => record.msg === 'scheduled job failed' && record.job === failing.name && record.level === 50)).toBe(true);
  });

  /**
   * The housekeeping jobs' rows are shared with every other test process on this run's database
   * (`bsns jobs status` in the CLI tests registers them on the real clock): make this one due now
   * on this file's clock, as the scheduler of a single process would find it.
   */
  async function housekeepingDue(name: string): Promise<void> {
    await registerJobs({ db: platform.identityDb, clock }, housekeepingJobs(platform));
    await platform.identityDb.query('UPDATE scheduled_jobs SET next_run_at = $2 WHERE name = $1', [name, clock.now()]);
  }

  it('runs the expired rate-limit sweep under the switch', async () => {
    await platform.identityDb.query("INSERT INTO rate_limit_counters (rule_name, key_hash, count, window_ends_at) VALUES ('test:sweep', $1, 1, $2)", ['a'.repeat(64), new Date(clock.now().getTime() - MINUTE)]);
    await housekeepingDue('rate-limits.delete-expired');
    await new JobScheduler({ db: platform.identityDb, clock, logger: captureLogs().logger }, housekeepingJobs(platform)).tick();
    const { rows } = await platform.identityDb.query("SELECT 1 FROM rate_limit_counters WHERE rule_name = 'test:sweep'");
    expect(rows).toEqual([]);
    const status = await statusOf('rate-limits.delete-expired');
    expect(status.lastRun?.outcome).toBe('succeeded');
    expect(status.intervalSeconds).toBe(600);
  });

  it('signs an audit checkpoint of the current head under the switch', async () => {
    await platform.identityDb.transaction((tx) => appendAudit(tx, { actor: { type: 'cli', id: 'test' }, action: 'test.checkpoint.scheduled' }, clock.now()));
    await housekeepingDue('audit.checkpoint');
    await new JobScheduler({ db: platform.identityDb, clock, logger: captureLogs().logger }, housekeepingJobs(platform)).tick();
    const head = await platform.identityDb.query<{ seq: string }>('SELECT max(seq) AS seq FROM platform_audit_log');
    const checkpoints = await storedCheckpoints(platform.identityDb);
    expect(checkpoints.at(-1)?.seq).toBe(Number(head.rows[0]!.seq));
    expect((await statusOf('audit.checkpoint')).lastRun?.outcome).toBe('succeeded');
  });
});
