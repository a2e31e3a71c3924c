import type { Command } from 'commander';
import { configFromProcess } from '../../config/index.js';
import { createLogger } from '../../platform/logging/logger.js';
import { openPlatform } from '../../platform/open-platform.js';
import { buildSuite } from '../../suite.js';

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('Serve the whole suite (starts the embedded PostgreSQL when no database URL is set)')
    .action(async () => {
      const config = configFromProcess();
      const logger = createLogger(config.logLevel);
      const platform = await openPlatform(config, logger);
      const { app } = await buildSuite(platform, {});
      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        logger.info({ signal }, 'shutting down');
        await app.close();
        await platform.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop('SIGINT'));
      process.once('SIGTERM', () => void stop('SIGTERM'));
      await app.listen({ port: config.port, host: config.host });
      logger.info({ url: config.publicUrl, database: config.database.mode }, `bsns is serving on ${config.publicUrl}`);
    });
}
