import cluster, { type Worker } from 'node:cluster';
import type { Logger } from '../platform/logging/logger.js';
import { stopOnSignals } from './stop-on-signals.js';

const RESTART_DELAY_MS = 1_000;

/**
 * The primary of `bsns start --workers N`: forks N workers that each run the whole suite and share
 * the listening port (node:cluster hands connections round-robin). It serves nothing itself and
 * holds no state: sessions, signing keys, rate limits and caches live in PostgreSQL or Redis
 * (docs/operations/workers.md). A worker that dies is replaced after a second; SIGTERM or SIGINT
 * stops every worker (each drains its requests and pools) and exits once they are all gone.
 */
export function servePrimary(workers: number, logger: Logger): void {
  let stopping = false;
  const fork = () => {
    const worker = cluster.fork();
    logger.info({ worker: worker.id, pid: worker.process.pid }, 'worker started');
  };
  cluster.on('exit', (worker: Worker, code: number | null, signal: string | null) => {
    if (stopping) return;
    logger.error({ worker: worker.id, pid: worker.process.pid, code, signal }, 'worker died; starting another');
    setTimeout(fork, RESTART_DELAY_MS).unref();
  });
  for (let index = 0; index < workers; index++) fork();

  stopOnSignals(async () => {
    stopping = true;
    const running = Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => worker !== undefined && !worker.isDead());
    await Promise.all(
      running.map(
        (worker) =>
          new Promise<void>((resolve) => {
            worker.once('exit', () => resolve());
            worker.process.kill('SIGTERM');
          }),
      ),
    );
  }, logger);
}
