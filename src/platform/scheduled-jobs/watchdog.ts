import { listJobStatus, type JobStatus } from './job-status.js';
import type { ScheduledJobDeps } from './scheduled-job.js';

/**
 * The watchdog: flags every job whose next success is overdue by its grace. Each overdue episode
 * is flagged once (an error log line and a `scheduled_job_alerts` row, which the observability
 * page and the ntfy alerts will read), until a success ends it. Returns the newly flagged jobs.
 */
export async function flagOverdueJobs(deps: ScheduledJobDeps): Promise<JobStatus[]> {
  const now = deps.clock.now();
  const flagged: JobStatus[] = [];
  for (const job of await listJobStatus(deps.db, deps.clock)) {
    if (!job.overdue || job.flaggedAt) continue;
    const won = await deps.db.transaction(async (tx) => {
      // Only one process flags an episode: the first to set overdue_since.
      const claimed = await tx.query('UPDATE scheduled_jobs SET overdue_since = $2 WHERE name = $1 AND overdue_since IS NULL', [job.name, now]);
      if (claimed.rowCount !== 1) return false;
      await tx.query(`INSERT INTO scheduled_job_alerts (job_name, kind, detected_at, due_at) VALUES ($1, 'overdue', $2, $3)`, [job.name, now, job.dueAt]);
      return true;
    });
    if (!won) continue;
    deps.logger.error({ job: job.name, dueAt: job.dueAt.toISOString(), graceSeconds: job.graceSeconds, lastRun: job.lastRun?.outcome ?? null }, 'scheduled job overdue');
    flagged.push(job);
  }
  return flagged;
}
