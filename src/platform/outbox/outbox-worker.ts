import { Logger, makeWorkerUtils, run, type Runner, type Task, type WorkerUtils } from 'graphile-worker';
import pg from 'pg';
import type { Logger as AppLogger } from '../logging/logger.js';
import type { DeliverWebhookDeps } from '../webhooks/deliver-webhook.js';
import { deliverWebhook } from '../webhooks/deliver-webhook.js';
import type { Mailer } from '../mail/index.js';
import { dispatchEvent, type DispatchDeps } from './dispatch-event.js';
import { sendQueuedEmail } from './send-queued-email.js';
import { WorkerLiveness } from './worker-liveness.js';

export interface OutboxWorkerDeps extends DispatchDeps, DeliverWebhookDeps {
  /** A direct (session) connection to the business database as the runtime role. */
  readonly connectionString: string;
  readonly mailer: Mailer;
  readonly logger: AppLogger;
  /** Parallel deliveries; each is one graphile-worker runner with concurrency 1 (its id names this process). */
  readonly runners?: number;
  readonly pollIntervalMs?: number;
}

export interface OutboxWorker {
  /** Names this process's job connections (`bsns-jobs <id>` in pg_stat_activity) and worker ids. */
  readonly processId: string;
  /** Resolves once every job connection of this worker is closed. */
  stop(): Promise<void>;
}

interface JobIds {
  tenantId: string;
  eventId?: string;
  emailId?: string;
  deliveryId?: string;
}

/**
 * Starts the job worker in this process: it unlocks the jobs of crashed workers, then runs the
 * dispatch, email and webhook tasks of this suite's namespace only. A failing task throws, and
 * graphile-worker retries it with exponential backoff.
 */
export async function startOutboxWorker(deps: OutboxWorkerDeps): Promise<OutboxWorker> {
  const logger = new Logger((scope) => (level, message, meta) => {
    if (level === 'error' || level === 'warning') deps.logger.warn({ component: 'outbox-worker', scope, meta }, message);
  });
  const liveness = await WorkerLiveness.start(deps.connectionString);
  const runnerCount = deps.runners ?? 2;
  // Each runner holds a LISTEN connection and takes another per job. graphile-worker ends a pool
  // it made itself without waiting, after dropping its error handler, so a database stopping
  // right after crashed the process. This pool is ours: ended, and awaited, before it stops.
  const pgPool = new pg.Pool({ connectionString: deps.connectionString, max: 2 * runnerCount + 2, application_name: `bsns-jobs ${liveness.processId}` });
  pgPool.on('error', (err) => deps.logger.warn({ err }, 'outbox: idle job connection lost'));
  let utils: WorkerUtils | undefined;
  const runners: Runner[] = [];
  try {
    utils = await makeWorkerUtils({ pgPool, logger });
    await unlockDeadWorkers(liveness, utils);
    const taskList: Record<string, Task> = {
      [deps.names.dispatch]: async (payload) => {
        const ids = payload as JobIds;
        await dispatchEvent(deps, ids.tenantId, ids.eventId!);
      },
      [deps.names.email]: async (payload) => {
        const ids = payload as JobIds;
        await sendQueuedEmail(deps, ids.tenantId, ids.emailId!);
      },
      [deps.names.webhook]: async (payload) => {
        const ids = payload as JobIds;
        const outcome = await deliverWebhook(deps, ids.tenantId, ids.deliveryId!);
        // Thrown after the attempt was recorded (and committed): graphile-worker schedules the next one.
        if (outcome === 'failed') throw new Error('webhook delivery failed; retrying with backoff');
      },
    };
    for (let index = 0; index < runnerCount; index++) {
      runners.push(
        await run({
          pgPool,
          concurrency: 1,
          workerId: liveness.workerId(index),
          noHandleSignals: true,
          pollInterval: deps.pollIntervalMs ?? 2000,
          taskList,
          logger,
        } as Parameters<typeof run>[0]),
      );
    }
  } catch (error) {
    await Promise.allSettled([...runners.map((runner) => runner.stop()), utils?.release()]);
    await Promise.allSettled([pgPool.end(), liveness.stop()]);
    throw error;
  }
  const sweep = setInterval(() => void unlockDeadWorkers(liveness, utils!).catch((err) => deps.logger.warn({ err }, 'outbox: crashed-worker sweep failed')), 60_000);
  sweep.unref();
  return {
    processId: liveness.processId,
    async stop() {
      clearInterval(sweep);
      await Promise.allSettled(runners.map((runner) => runner.stop()));
      await Promise.allSettled([utils!.release()]);
      await Promise.allSettled([pgPool.end(), liveness.stop()]);
    },
  };
}

async function unlockDeadWorkers(liveness: WorkerLiveness, utils: WorkerUtils): Promise<void> {
  const dead = await liveness.deadWorkers();
  if (dead.length > 0) await utils.forceUnlockWorkers(dead);
}
