import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, MASTER_KEYS_REQUIRED, type Config } from '../../config/index.js';
import { generateKeySpec, parseKeyring, type Keyring } from './keyring.js';

const DEV_KEYS_FILE = 'master-keys';

/**
 * The master keyring. Configured keys always win. Only the zero-setup embedded mode outside
 * production may fall back to a key generated into the data directory; everywhere else a
 * missing key stops the boot (no key, no start).
 */
export async function loadKeyring(config: Config): Promise<Keyring> {
  if (config.masterKeys) return parseKeyring(config.masterKeys);
  if (config.database.mode !== 'embedded' || config.nodeEnv === 'production') {
    throw new ConfigError([MASTER_KEYS_REQUIRED]);
  }
  const file = path.join(config.dataDir, DEV_KEYS_FILE);
  const existing = await readFile(file, 'utf8').catch(() => null);
  if (existing) return parseKeyring(existing.trim());
  const spec = generateKeySpec('dev1');
  // A fresh clone has no data directory yet: the keyring is loaded before the cluster creates it.
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  await writeFile(file, `${spec}\n`, { mode: 0o600, flag: 'wx' });
  return parseKeyring(spec);
}
