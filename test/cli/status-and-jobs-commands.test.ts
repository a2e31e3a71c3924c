import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../../src/platform/open-platform.js';
import { cliEnv, runCli } from '../support/cli-process.js';
import { openTestPlatform, testEnv } from '../support/test-platform.js';

// The operator manages the status page and reads the dead-man's switch from the CLI, on the
// configured databases. Each test spawns the CLI a few times: give them room.
describe('bsns status and bsns jobs', { timeout: 120_000 }, () => {
  let platform: Platform;
  const env = () => cliEnv(testEnv());
  beforeAll(async () => {
    platform = await openTestPlatform();
  });
  afterAll(() => platform.close());

  it('opens, updates, lists and resolves an incident; refuses to update it once resolved', async () => {
    const title = `Mail delays ${Date.now()}`;
    const opened = await runCli(['status', 'incident', 'open', '--title', title, '--message', 'Outgoing mail is slow.', '--impact', 'minor', '--component', 'portal'], env());
    expect(opened.stderr).toBe('');
    const id = opened.stdout.trim();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);

    expect((await runCli(['status', 'incident', 'update', id, '--state', 'monitoring', '--message', 'Relay replaced.'], env())).code).toBe(0);
    expect((await runCli(['status', 'incident', 'resolve', id, '--message', 'Delivered the backlog.'], env())).code).toBe(0);

    const { rows } = await platform.identityDb.query<{ state: string; message: string }>('SELECT state, message FROM status_incident_updates WHERE incident_id = $1 ORDER BY created_at', [id]);
    expect(rows).toEqual([
      { state: 'investigating', message: 'Outgoing mail is slow.' },
      { state: 'monitoring', message: 'Relay replaced.' },
      { state: 'resolved', message: 'Delivered the backlog.' },
    ]);
    const listed = await runCli(['status', 'incident', 'list'], env());
    expect(listed.stdout).toMatch(new RegExp(`^${id}\\s+resolved\\s+minor\\s+${title}$`, 'm'));

    const late = await runCli(['status', 'incident', 'update', id, '--state', 'identified', '--message', 'Again.'], env());
    expect(late.code).toBe(1);
    expect(late.stderr).toContain(`No open incident ${id}`);
    expect(late.stderr).not.toMatch(/^\s+at /m);
  });

  it('sets a component and refuses a state that does not exist', async () => {
    const set = await runCli(['status', 'component', 'set', 'cli-search', 'degraded', '--name', 'Search'], env());
    expect(set.stderr).toBe('');
    const { rows } = await platform.identityDb.query("SELECT name, state FROM status_components WHERE id = 'cli-search'");
    expect(rows).toEqual([{ name: 'Search', state: 'degraded' }]);
    await platform.identityDb.query("DELETE FROM status_components WHERE id = 'cli-search'");

    const bad = await runCli(['status', 'component', 'set', 'portal', 'on-fire'], env());
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('The state must be one of operational');
  });

  it('lists each scheduled job with its last run and overdue flag', async () => {
    const result = await runCli(['jobs', 'status', '--json'], env());
    expect(result.stderr).toBe('');
    const jobs = JSON.parse(result.stdout) as Array<{ name: string; intervalSeconds: number; overdue: boolean }>;
    expect(jobs.find((job) => job.name === 'rate-limits.delete-expired')).toEqual(expect.objectContaining({ intervalSeconds: 600 }));
  });
});
