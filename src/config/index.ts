import { loadConfig, type Config } from './load-config.js';

export { loadConfig, ConfigError, MASTER_KEYS_REQUIRED } from './load-config.js';
export type { BlobStoreConfig, Config, DatabaseConfig, DatabaseUrls, SecurityTxtConfig } from './load-config.js';
export { ENV_MANIFEST, DATABASE_URL_VARS } from './manifest.js';
export type { EnvVar, EnvVarName } from './manifest.js';

/**
 * The config of this process, parsed from its environment once. This is the only
 * place in the code base that reads `process.env` (enforced by check:security-invariants).
 */
export function configFromProcess(): Config {
  return loadConfig(process.env, process.cwd());
}

/** The raw process environment, for `check:env` only: it compares names, never logs values. */
export function processEnvNames(): string[] {
  return Object.keys(process.env);
}
