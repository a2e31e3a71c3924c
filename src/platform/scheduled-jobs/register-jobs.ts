import type { ScheduledJob, ScheduledJobDeps } from './scheduled-job.js';

/**
 * Records each job's schedule. A new job's first run is due at once and its deadline counts from
 * now; a known job keeps its history and takes the (possibly changed) interval and grace.
 */
export async function registerJobs(deps: Pick<ScheduledJobDeps, 'db' | 'clock'>, jobs: readonly ScheduledJob[]): Promise<void> {
  const now = deps.clock.now();
  for (const job of jobs) {
    await deps.db.query(
      `INSERT INTO scheduled_jobs (name, interval_seconds, grace_seconds, registered_at, next_run_at) VALUES ($1, $2, $3, $4, $4)
       ON CONFLICT (name) DO UPDATE SET interval_seconds = excluded.interval_seconds, grace_seconds = excluded.grace_seconds`,
      [job.name, Math.ceil(job.intervalMs / 1000), Math.ceil(job.graceMs / 1000), now],
    );
  }
}
