import type { Command } from 'commander';
import { configFromProcess } from '../../config/index.js';
import { resolveDatabases } from '../../platform/db/index.js';
import { migrateDatabase } from '../../platform/migrations/index.js';

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('Apply pending forward-only migrations to the identity and business databases')
    .action(async () => {
      const config = configFromProcess();
      const { urls, embedded } = await resolveDatabases(config);
      try {
        for (const [database, ownerUrl] of [['identity', urls.identityOwner], ['business', urls.businessOwner]] as const) {
          const report = await migrateDatabase(ownerUrl, database);
          const applied = report.applied.length > 0 ? `applied ${report.applied.join(', ')}` : 'up to date';
          console.log(`${database}: ${applied} (${report.alreadyApplied} already applied)`);
        }
      } finally {
        await embedded?.stop();
      }
    });
}
