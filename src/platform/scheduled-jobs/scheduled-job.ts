import type { Clock } from '../clock.js';
import type { IdentityDb } from '../db/index.js';
import type { Logger } from '../logging/logger.js';

/**
 * A job the suite runs on a fixed interval, under the dead-man's switch: every run's start,
 * success or failure is recorded, and the watchdog flags the job once its next success is later
 * than `intervalMs + graceMs` after the last one.
 */
export interface ScheduledJob {
  /** Stable, e.g. `rate-limits.delete-expired`: runs and alerts are keyed by it. */
  readonly name: string;
  readonly intervalMs: number;
  /** How late a run may be before the job counts as overdue. */
  readonly graceMs: number;
  run(): Promise<void>;
}

export interface ScheduledJobDeps {
  /** The job tables live in the identity database (the platform's own state). */
  readonly db: IdentityDb;
  readonly clock: Clock;
  readonly logger: Logger;
}
