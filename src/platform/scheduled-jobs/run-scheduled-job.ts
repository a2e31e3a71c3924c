import type { ScheduledJob, ScheduledJobDeps } from './scheduled-job.js';

/**
 * Runs a job if its turn has come and no other process took it: the claim moves `next_run_at`
 * forward in one UPDATE, so of N processes exactly one wins. Returns whether it ran.
 */
export async function runJobIfDue(deps: ScheduledJobDeps, job: ScheduledJob): Promise<boolean> {
  const now = deps.clock.now();
  const claimed = await deps.db.query(
    `UPDATE scheduled_jobs SET next_run_at = $2::timestamptz + make_interval(secs => interval_seconds)
      WHERE name = $1 AND next_run_at <= $2`,
    [job.name, now],
  );
  if (claimed.rowCount !== 1) return false;
  await runRecorded(deps, job);
  return true;
}

/** The dead-man's switch wrapper: a run row at start, then its success or failure. Never throws. */
export async function runRecorded(deps: ScheduledJobDeps, job: ScheduledJob): Promise<void> {
  const started = deps.clock.now();
  const { rows } = await deps.db.query<{ id: string }>('INSERT INTO scheduled_job_runs (job_name, started_at) VALUES ($1, $2) RETURNING id', [job.name, started]);
  const runId = rows[0]!.id;
  try {
    await job.run();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await deps.db.query(`UPDATE scheduled_job_runs SET outcome = 'failed', finished_at = $2, error = left($3, 2000) WHERE id = $1`, [runId, deps.clock.now(), message]);
    await deps.db.query(`INSERT INTO scheduled_job_alerts (job_name, kind, detected_at) VALUES ($1, 'failed', $2)`, [job.name, deps.clock.now()]);
    deps.logger.error({ job: job.name, runId, err: error }, 'scheduled job failed');
    return;
  }
  const finished = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    await tx.query(`UPDATE scheduled_job_runs SET outcome = 'succeeded', finished_at = $2 WHERE id = $1`, [runId, finished]);
    // A success ends an overdue episode: the next one gets its own alert.
    await tx.query('UPDATE scheduled_jobs SET overdue_since = NULL WHERE name = $1', [job.name]);
  });
  deps.logger.info({ job: job.name, runId, ms: finished.getTime() - started.getTime() }, 'scheduled job succeeded');
}
