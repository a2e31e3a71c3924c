import type { Command } from 'commander';
import { configFromProcess } from '../../config/index.js';
import { SigningKeys } from '../../identity/index.js';
import { resealIdentityColumns } from '../../identity/sealed-columns.js';
import { generateKeySpec } from '../../platform/crypto/index.js';
import { createLogger } from '../../platform/logging/logger.js';
import { openPlatform, type Platform } from '../../platform/open-platform.js';

export function registerKeysCommands(program: Command): void {
  const keys = program.command('keys').description('Master encryption keys and session signing keys (see docs/operations/keys.md)');

  keys
    .command('generate')
    .description('Print a new 256-bit master key in the BSNS_MASTER_KEYS format')
    .option('--id <id>', 'key id (short, lower-case)', `k${new Date().toISOString().slice(0, 10).replaceAll('-', '')}`)
    .action((options: { id: string }) => {
      console.log(generateKeySpec(options.id));
    });

  keys
    .command('reseal')
    .description('Re-encrypt every sealed value under the first (active) master key, after adding a new key')
    .action(() =>
      withPlatform(async (platform) => {
        await resealIdentityColumns(platform.identityDb, platform.keyring, (report) => {
          console.log(`${report.table}.${report.column}: re-sealed ${report.resealed} of ${report.total}`);
        });
        console.log(`All sealed values now use key "${platform.keyring.active.id}"; older keys can be removed from BSNS_MASTER_KEYS.`);
      }),
    );

  keys
    .command('rotate-signing')
    .description('Retire the current session signing key now and create its successor')
    .action(() =>
      withPlatform(async (platform) => {
        await new SigningKeys({ db: platform.identityDb, keyring: platform.keyring, clock: platform.clock }).rotateNow();
        console.log('Session signing key rotated. The retired key keeps verifying (and stays in the JWKS) for 24 hours.');
      }),
    );
}

async function withPlatform(work: (platform: Platform) => Promise<void>): Promise<void> {
  const config = configFromProcess();
  const platform = await openPlatform(config, createLogger('warn'));
  try {
    await work(platform);
  } finally {
    await platform.close();
  }
}
