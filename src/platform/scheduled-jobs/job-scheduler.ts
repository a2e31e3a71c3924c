import { registerJobs } from './register-jobs.js';
import { runJobIfDue } from './run-scheduled-job.js';
import type { ScheduledJob, ScheduledJobDeps } from './scheduled-job.js';
import { flagOverdueJobs } from './watchdog.js';

/** How often each process looks for due jobs and runs the watchdog. */
export const SCHEDULER_TICK_MS = 30_000;

/**
 * A small scheduler on PostgreSQL: every tick, each due job is claimed by one process and run
 * under the dead-man's switch, then the watchdog flags overdue jobs. Tests call `tick()` with a
 * ManualClock; `bsns start` calls `start()`. Not graphile-worker's crontab: that reads the wall
 * clock, so no test could drive the switch (docs/operations/scheduled-jobs.md).
 */
export class JobScheduler {
  readonly #deps: ScheduledJobDeps;
  readonly #jobs: readonly ScheduledJob[];
  #registered = false;
  #timer: NodeJS.Timeout | undefined;
  #jobsInFlight: Promise<void> | null = null;
  #watchdogInFlight: Promise<void> = Promise.resolve();

  constructor(deps: ScheduledJobDeps, jobs: readonly ScheduledJob[]) {
    this.#deps = deps;
    this.#jobs = jobs;
  }

  /** Runs the watchdog, then every due job. */
  async tick(): Promise<void> {
    await this.watch();
    await this.runDueJobs();
  }

  async watch(): Promise<void> {
    await this.#register();
    await flagOverdueJobs(this.#deps);
  }

  async runDueJobs(): Promise<void> {
    await this.#register();
    // One job after another: housekeeping is light, and a slow one must not pile up copies of itself.
    for (const job of this.#jobs) await runJobIfDue(this.#deps, job);
  }

  start(tickMs = SCHEDULER_TICK_MS): void {
    const logFailure = (err: unknown) => this.#deps.logger.error({ err }, 'job scheduler tick failed');
    const run = () => {
      // The watchdog runs every tick even while a job hangs: a stuck run is what it must report.
      this.#watchdogInFlight = this.#watchdogInFlight.then(() => this.watch()).catch(logFailure);
      if (this.#jobsInFlight) return;
      this.#jobsInFlight = this.runDueJobs()
        .catch(logFailure)
        .finally(() => (this.#jobsInFlight = null));
    };
    run();
    this.#timer = setInterval(run, tickMs);
    this.#timer.unref();
  }

  /** Stops ticking and waits for the tick in progress, so the pools can close under no query. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await Promise.all([this.#watchdogInFlight, this.#jobsInFlight]);
  }

  async #register(): Promise<void> {
    if (this.#registered) return;
    await registerJobs(this.#deps, this.#jobs);
    this.#registered = true;
  }
}
