import cluster from 'node:cluster';
import type { FastifyInstance } from 'fastify';
import { InvalidArgumentError, type Command } from 'commander';
import { configFromProcess, type Config } from '../../config/index.js';
import { createLogger } from '../../platform/logging/logger.js';
import { openPlatform } from '../../platform/open-platform.js';
import { runtimeSupportWarning } from '../../platform/runtime-support.js';
import { JobScheduler } from '../../platform/scheduled-jobs/index.js';
import { suiteJobs } from '../../suite-jobs.js';
import { buildSuite } from '../../suite.js';
import { OperatorError } from '../operator-error.js';
import { servePrimary } from '../serve-workers.js';
import { stopOnSignals } from '../stop-on-signals.js';

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('Serve the whole suite (starts the embedded PostgreSQL when no database URL is set)')
    .option('--workers <n>', 'processes serving the same port (node:cluster); more than 1 needs external databases', parseWorkers, 1)
    .action(async (options: { workers: number }) => {
      const config = configFromProcess();
      const logger = createLogger(config.logLevel);
      if (options.workers > 1 && cluster.isPrimary) {
        // Each worker would start its own embedded PostgreSQL on the same data directory.
        if (config.database.mode === 'embedded') {
          throw new OperatorError('--workers above 1 needs external databases (set the database URLs, docs/operations/databases.md); the embedded PostgreSQL serves one process.');
        }
        servePrimary(options.workers, logger);
        return;
      }
      const platform = await openPlatform(config, logger);
      let app: FastifyInstance | undefined;
      try {
        app = (await buildSuite(platform)).app;
        await app.listen({ port: config.port, host: config.host }).catch((error: unknown) => {
          throw listenError(error, config);
        });
      } catch (error) {
        // Never leave an embedded PostgreSQL running behind a process that failed to serve.
        await app?.close();
        await platform.close();
        throw error;
      }
      const server = app;
      // Every process ticks; each due job is claimed by one of them (docs/operations/scheduled-jobs.md).
      const scheduler = new JobScheduler({ db: platform.identityDb, clock: platform.clock, logger }, suiteJobs(platform));
      scheduler.start(config.schedulerTickMs);
      stopOnSignals(async () => {
        await scheduler.stop();
        await server.close();
        await platform.close();
      }, logger);
      logger.info({ url: config.publicUrl, database: config.database.mode, worker: cluster.worker?.id }, `bsns is serving on ${config.publicUrl}`);
      // Once per installation, not once per worker.
      const runtimeWarning = cluster.isPrimary || cluster.worker?.id === 1 ? runtimeSupportWarning(process.version, platform.clock.now()) : null;
      if (runtimeWarning) logger.warn({ node: process.version }, runtimeWarning);
    });
}

function parseWorkers(value: string): number {
  const workers = Number(value);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new InvalidArgumentError('a whole number from 1 to 64');
  return workers;
}

function listenError(error: unknown, config: Config): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') return new OperatorError(`Port ${config.port} on ${config.host} is already in use: stop what holds it or set PORT.`);
  if (code === 'EACCES') return new OperatorError(`Not allowed to listen on port ${config.port}: choose a PORT above 1023 or run with the needed privilege.`);
  return error;
}
