import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/index.js';
import { EmbeddedPostgresError } from '../platform/db/index.js';
import { MigrationError } from '../platform/migrations/index.js';
import { VERSION } from '../suite.js';
import { registerAdminCommands } from './commands/admin.js';
import { registerAuditCommands } from './commands/audit.js';
import { registerCheckCommand } from './commands/check.js';
import { registerDbCommands } from './commands/db.js';
import { registerJobsCommands } from './commands/jobs.js';
import { registerKeysCommands } from './commands/keys.js';
import { registerServiceKeyCommands } from './commands/service-keys.js';
import { registerMigrateCommand } from './commands/migrate.js';
import { registerPactCommands } from './commands/pact.js';
import { registerQuotasCommands } from './commands/quotas.js';
import { registerStartCommand } from './commands/start.js';
import { registerStatusCommands } from './commands/status.js';
import { OperatorError } from './operator-error.js';

const program = new Command()
  .name('bsns')
  .description('Operator CLI of the bsns business suite')
  .version(VERSION)
  .showHelpAfterError()
  .exitOverride();

registerStartCommand(program);
registerMigrateCommand(program);
registerDbCommands(program);
registerCheckCommand(program);
registerKeysCommands(program);
registerQuotasCommands(program);
registerAdminCommands(program);
registerAuditCommands(program);
registerServiceKeyCommands(program);
registerStatusCommands(program);
registerPactCommands(program);
registerJobsCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  // Expected operator errors get their message alone; anything else keeps its stack for a bug report.
  const expected = [ConfigError, MigrationError, EmbeddedPostgresError, OperatorError].some((type) => error instanceof type);
  console.error(expected ? (error as Error).message : error);
  process.exit(1);
}
