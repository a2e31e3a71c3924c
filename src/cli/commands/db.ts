import type { Command } from 'commander';
import { configFromProcess, type Config } from '../../config/index.js';
import { databaseLayout, provisionDatabases, readEmbeddedUrls } from '../../platform/db/index.js';
import { OperatorError } from '../operator-error.js';

interface UrlRow {
  readonly name: string;
  readonly env: string | null;
  readonly url: string;
}

export function registerDbCommands(program: Command): void {
  const db = program.command('db').description('Database connection and provisioning');

  db.command('urls')
    .description('Print every connection URL of the current configuration')
    .option('--json', 'print JSON instead of a table')
    .action(async (options: { json?: boolean }) => {
      const rows = await connectionUrls(configFromProcess());
      if (options.json) {
        console.log(JSON.stringify(Object.fromEntries(rows.map((row) => [row.name, row.url])), null, 2));
        return;
      }
      const width = Math.max(...rows.map((row) => row.name.length));
      for (const row of rows) console.log(`${row.name.padEnd(width)}  ${row.url}`);
    });

  db.command('provision')
    .description('Create the databases and roles on a server, using DATABASE_ADMIN_URL; prints the variables to set')
    .option('--prefix <prefix>', 'name prefix of the databases and roles', 'bsns')
    .action(async (options: { prefix: string }) => {
      const config = configFromProcess();
      if (!config.databaseAdminUrl) throw new OperatorError('Set DATABASE_ADMIN_URL to a superuser URL of the target server first.');
      const { urls } = await provisionDatabases({
        adminUrl: config.databaseAdminUrl,
        layout: databaseLayout(options.prefix),
        statementTimeoutMs: config.statementTimeoutMs,
      });
      console.log('# Provisioned. Set these and BSNS_MASTER_KEYS (required with external databases), then run `npx bsns migrate`.');
      console.log('# Running `bsns db provision` again gives these roles new passwords.');
      console.log(`IDENTITY_DATABASE_URL=${urls.identity}`);
      console.log(`IDENTITY_OWNER_DATABASE_URL=${urls.identityOwner}`);
      console.log(`BUSINESS_DATABASE_URL=${urls.business}`);
      console.log(`BUSINESS_OWNER_DATABASE_URL=${urls.businessOwner}`);
    });
}

async function connectionUrls(config: Config): Promise<UrlRow[]> {
  if (config.database.mode === 'external') {
    const { urls } = config.database;
    return [
      { name: 'identity', env: 'IDENTITY_DATABASE_URL', url: urls.identity },
      { name: 'identity_owner', env: 'IDENTITY_OWNER_DATABASE_URL', url: urls.identityOwner },
      { name: 'business', env: 'BUSINESS_DATABASE_URL', url: urls.business },
      { name: 'business_owner', env: 'BUSINESS_OWNER_DATABASE_URL', url: urls.businessOwner },
      ...(config.databaseAdminUrl ? [{ name: 'admin', env: 'DATABASE_ADMIN_URL', url: config.databaseAdminUrl }] : []),
      ...(config.redisUrl ? [{ name: 'redis', env: 'REDIS_URL', url: config.redisUrl }] : []),
    ];
  }
  const embedded = await readEmbeddedUrls({ dataDir: config.dataDir, port: config.database.embeddedPort });
  if (!embedded) throw new OperatorError(`No embedded cluster in ${config.dataDir} yet: run \`npm start\` once to create it.`);
  return [
    { name: 'identity', env: null, url: embedded.urls.identity },
    { name: 'identity_owner', env: null, url: embedded.urls.identityOwner },
    { name: 'business', env: null, url: embedded.urls.business },
    { name: 'business_owner', env: null, url: embedded.urls.businessOwner },
    { name: 'admin', env: null, url: embedded.adminUrl },
    ...(config.redisUrl ? [{ name: 'redis', env: 'REDIS_URL', url: config.redisUrl }] : []),
  ];
}
