import type { Command } from 'commander';
import { configFromProcess } from '../../config/index.js';
import { createServiceKey, listServiceKeys, revokeServiceKey, SERVICE_ENVIRONMENTS } from '../../identity/index.js';
import { createLogger } from '../../platform/logging/logger.js';
import { openPlatform, type Platform } from '../../platform/open-platform.js';
import { OperatorError } from '../operator-error.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** `bsns service-keys create|list|revoke`: keys for trusted backend traffic (docs/operations/api-tokens.md). */
export function registerServiceKeyCommands(program: Command): void {
  const keys = program.command('service-keys').description('Service keys for trusted backend traffic, one environment each (see docs/operations/api-tokens.md)');

  keys
    .command('create')
    .description('Make a service key and print it once (only its SHA-256 is stored)')
    .requiredOption('--name <name>', 'what the key is for (1 to 100 characters)')
    .requiredOption('--env <environment>', `the environment that accepts it: ${SERVICE_ENVIRONMENTS.join(', ')}`)
    .action((options: { name: string; env: string }) =>
      withPlatform(async (platform) => {
        const environment = SERVICE_ENVIRONMENTS.find((candidate) => candidate === options.env);
        if (!environment) throw new OperatorError(`--env must be one of ${SERVICE_ENVIRONMENTS.join(', ')}`);
        const name = options.name.trim();
        if (name.length < 1 || name.length > 100 || /\p{Cc}/u.test(name)) throw new OperatorError('--name must be 1 to 100 printable characters');
        const { key, secret } = await createServiceKey(platform.identityDb, platform.clock, { name, environment });
        console.log(`Service key ${key.id} "${key.name}" for ${key.environment}. Store it now, it is not shown again:`);
        console.log(secret);
        if (environment !== platform.config.environment) console.log(`Note: this deployment is ${platform.config.environment}; it refuses this key.`);
      }),
    );

  keys
    .command('list')
    .description('List service keys (never their text)')
    .action(() =>
      withPlatform(async (platform) => {
        for (const key of await listServiceKeys(platform.identityDb)) {
          const state = key.revokedAt ? `revoked ${key.revokedAt.toISOString()}` : 'active';
          console.log(`${key.id}  ${key.environment.padEnd(11)}  ${state.padEnd(32)}  last used ${key.lastUsedAt?.toISOString() ?? 'never'}  ${key.name}`);
        }
      }),
    );

  keys
    .command('revoke')
    .description('Revoke a service key by id; the next request with it is refused')
    .argument('<id>', 'the key id (from list)')
    .action((id: string) =>
      withPlatform(async (platform) => {
        if (!UUID.test(id) || !(await revokeServiceKey(platform.identityDb, platform.clock, id))) throw new OperatorError(`No service key ${id}`);
        console.log(`Service key ${id} revoked.`);
      }),
    );
}

async function withPlatform(work: (platform: Platform) => Promise<void>): Promise<void> {
  const platform = await openPlatform(configFromProcess(), createLogger('warn'));
  try {
    await work(platform);
  } finally {
    await platform.close();
  }
}
