// Scheduled jobs under a dead-man's switch (control 25): registration, recorded runs, the watchdog.
export type { ScheduledJob, ScheduledJobDeps } from './scheduled-job.js';
export { registerJobs } from './register-jobs.js';
export { runJobIfDue, runRecorded } from './run-scheduled-job.js';
export { listJobStatus } from './job-status.js';
export type { JobStatus } from './job-status.js';
export { flagOverdueJobs } from './watchdog.js';
export { JobScheduler, SCHEDULER_TICK_MS } from './job-scheduler.js';
export { housekeepingJobs } from './housekeeping-jobs.js';
