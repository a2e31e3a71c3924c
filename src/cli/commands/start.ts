import type { FastifyInstance } from 'fastify';
import type { Command } from 'commander';
import { configFromProcess, type Config } from '../../config/index.js';
import { createLogger } from '../../platform/logging/logger.js';
import { openPlatform } from '../../platform/open-platform.js';
import { buildSuite } from '../../suite.js';
import { OperatorError } from '../operator-error.js';
import { stopOnSignals } from '../stop-on-signals.js';

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('Serve the whole suite (starts the embedded PostgreSQL when no database URL is set)')
    .action(async () => {
      const config = configFromProcess();
      const logger = createLogger(config.logLevel);
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
      stopOnSignals(async () => {
        await server.close();
        await platform.close();
      }, logger);
      logger.info({ url: config.publicUrl, database: config.database.mode }, `bsns is serving on ${config.publicUrl}`);
    });
}

function listenError(error: unknown, config: Config): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') return new OperatorError(`Port ${config.port} on ${config.host} is already in use: stop what holds it or set PORT.`);
  if (code === 'EACCES') return new OperatorError(`Not allowed to listen on port ${config.port}: choose a PORT above 1023 or run with the needed privilege.`);
  return error;
}
