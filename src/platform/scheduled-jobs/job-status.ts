import type { Clock } from '../clock.js';
import type { Queryable } from '../db/index.js';

export interface JobStatus {
  readonly name: string;
  readonly intervalSeconds: number;
  readonly graceSeconds: number;
  readonly lastRun: { readonly startedAt: Date; readonly finishedAt: Date | null; readonly outcome: 'running' | 'succeeded' | 'failed'; readonly error: string | null } | null;
  readonly lastSuccessAt: Date | null;
  /** When the next success is due: the last success (or registration) plus the interval. */
  readonly dueAt: Date;
  /** Past `dueAt + grace` with no success: the dead-man's switch has tripped. */
  readonly overdue: boolean;
  /** When the watchdog first flagged the current overdue episode (null: not flagged). */
  readonly flaggedAt: Date | null;
}

interface Row {
  name: string;
  interval_seconds: number;
  grace_seconds: number;
  overdue_since: Date | null;
  due_at: Date;
  last_success_at: Date | null;
  run_started_at: Date | null;
  run_finished_at: Date | null;
  run_outcome: 'running' | 'succeeded' | 'failed' | null;
  run_error: string | null;
}

/** Every registered job with its last run and whether it is overdue at the clock's now. */
export async function listJobStatus(db: Queryable, clock: Clock): Promise<JobStatus[]> {
  const now = clock.now();
  const { rows } = await db.query<Row>(
    `SELECT j.name, j.interval_seconds, j.grace_seconds, j.overdue_since,
            coalesce(s.started_at, j.registered_at) + make_interval(secs => j.interval_seconds) AS due_at,
            s.started_at AS last_success_at,
            r.started_at AS run_started_at, r.finished_at AS run_finished_at, r.outcome AS run_outcome, r.error AS run_error
       FROM scheduled_jobs j
       LEFT JOIN LATERAL (SELECT started_at FROM scheduled_job_runs WHERE job_name = j.name AND outcome = 'succeeded' ORDER BY started_at DESC LIMIT 1) s ON true
       LEFT JOIN LATERAL (SELECT started_at, finished_at, outcome, error FROM scheduled_job_runs WHERE job_name = j.name ORDER BY started_at DESC LIMIT 1) r ON true
      ORDER BY j.name`,
  );
  return rows.map((row) => ({
    name: row.name,
    intervalSeconds: row.interval_seconds,
    graceSeconds: row.grace_seconds,
    lastRun: row.run_started_at ? { startedAt: row.run_started_at, finishedAt: row.run_finished_at, outcome: row.run_outcome!, error: row.run_error } : null,
    lastSuccessAt: row.last_success_at,
    dueAt: row.due_at,
    overdue: now.getTime() > row.due_at.getTime() + row.grace_seconds * 1000,
    flaggedAt: row.overdue_since,
  }));
}
