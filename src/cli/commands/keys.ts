import type { Command } from 'commander';
import { configFromProcess } from '../../config/index.js';
import { SigningKeys } from '../../identity/index.js';
import { resealIdentityColumns } from '../../identity/sealed-columns.js';
import { writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { KEY_FINGERPRINTS_FILE } from '../../checks/key-fingerprints.js';
import { generateKeySpec, keyringFingerprints, parseKeyring } from '../../platform/crypto/index.js';
import { SUITE_SEALED_COLUMNS } from '../../sealed-columns.js';
import { OperatorError } from '../operator-error.js';
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

  registerTenantKeyCommands(keys);
}

/** The operator at the console: the cross-tenant gate records this actor for the tenant listing. */
const OPERATOR = { actorId: 'operator:cli', permissions: new Set(['tenants:manage'] as const) };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function registerTenantKeyCommands(keys: Command): void {
  keys
    .command('fingerprint')
    .description(`Print the fingerprints of the configured master keys (never the keys); --write records them in ${KEY_FINGERPRINTS_FILE}`)
    .option('--write', `write ${KEY_FINGERPRINTS_FILE} (relative to the current directory)`)
    .action(async (options: { write?: boolean }) => {
      const config = configFromProcess();
      if (!config.masterKeys) throw new OperatorError('BSNS_MASTER_KEYS is not set: there are no configured keys to fingerprint');
      const fingerprints = Object.fromEntries(keyringFingerprints(parseKeyring(config.masterKeys)));
      const text = `${JSON.stringify({ algorithm: 'HMAC-SHA256("bsns key fingerprint v1"), base64url, 128 bits', keys: fingerprints }, null, 2)}\n`;
      if (options.write) {
        const file = path.resolve(KEY_FINGERPRINTS_FILE);
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(file, text);
        console.log(`Recorded ${Object.keys(fingerprints).length} key fingerprints in ${KEY_FINGERPRINTS_FILE}; commit it.`);
      } else {
        process.stdout.write(text);
      }
    });

  keys
    .command('rotate-master')
    .description('Rewrap every tenant data key (and re-seal identity secrets) under the first (active) master key; tenant rows are not touched')
    .action(() =>
      withPlatform(async (platform) => {
        const rewrapped = await platform.tenantKeys.rewrapDataKeys(OPERATOR, {
          onTenant: (tenantId, count) => count > 0 && console.log(`tenant ${tenantId}: rewrapped ${count} keys`),
        });
        await resealIdentityColumns(platform.identityDb, platform.keyring, (report) => {
          console.log(`${report.table}.${report.column}: re-sealed ${report.resealed} of ${report.total}`);
        });
        console.log(`Rewrapped ${rewrapped} data keys; everything now uses master key "${platform.keyring.active.id}". Older keys can be removed from BSNS_MASTER_KEYS.`);
      }),
    );

  keys
    .command('rotate-tenant-key')
    .description("Re-encrypt a tenant's sealed columns under a new data key, then destroy the old key; resumes an interrupted run")
    .requiredOption('--tenant <id>', 'tenant id (UUID)')
    .option('--batch-size <n>', 'rows per transaction', '500')
    .action((options: { tenant: string; batchSize: string }) =>
      withPlatform(async (platform) => {
        if (!UUID.test(options.tenant)) throw new OperatorError('--tenant must be a lower-case UUID');
        const batchSize = Number(options.batchSize);
        if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) throw new OperatorError('--batch-size must be an integer from 1 to 10000');
        const report = await platform.tenantKeys.rotateTenantDataKey(options.tenant, SUITE_SEALED_COLUMNS, {
          batchSize,
          onProgress: (progress) => console.log(`${progress.table}.${progress.column}: ${progress.resealed}/${progress.total}`),
        });
        console.log(`${report.resumed ? 'Resumed' : 'Started'} rotation to data key dk${report.version}: re-sealed ${report.resealed} values.`);
        if (report.unreadable > 0) throw new OperatorError(`${report.unreadable} values did not open under any key of this tenant; the old key was kept. See docs/operations/keys.md.`);
        console.log('Old data keys destroyed.');
      }),
    );

  keys
    .command('destroy-tenant-key')
    .description('Crypto-shred a tenant: destroy its data keys so its sealed values can never be read again (irreversible)')
    .requiredOption('--tenant <id>', 'tenant id (UUID)')
    .requiredOption('--yes-destroy', 'confirm the irreversible destruction')
    .action((options: { tenant: string }) =>
      withPlatform(async (platform) => {
        if (!UUID.test(options.tenant)) throw new OperatorError('--tenant must be a lower-case UUID');
        await platform.tenantKeys.destroyTenantDataKey(options.tenant);
        console.log(`Data keys of tenant ${options.tenant} destroyed.`);
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
