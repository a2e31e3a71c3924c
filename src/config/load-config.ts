import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { z } from 'zod';
import { quotaLimits, type QuotaLimits } from '../platform/quotas/quota-table.js';
import { DATABASE_URL_VARS, ENV_MANIFEST, type EnvVarName } from './manifest.js';

export interface DatabaseUrls {
  readonly identity: string;
  readonly identityOwner: string;
  readonly business: string;
  readonly businessOwner: string;
}

export type DatabaseConfig =
  | { readonly mode: 'embedded'; readonly embeddedPort: number }
  | { readonly mode: 'external'; readonly urls: DatabaseUrls };

export interface Config {
  readonly nodeEnv: 'development' | 'test' | 'production';
  readonly port: number;
  readonly host: string;
  readonly domain: string | undefined;
  /** Origin used to build links; never derived from a request. */
  readonly publicUrl: string;
  readonly dataDir: string;
  /** Where sealed blobs are kept: `BSNS_BLOB_STORE` with `BSNS_BLOB_DIR` (default `<dataDir>/blobs`) or `BSNS_S3_*`. */
  readonly blobStore: BlobStoreConfig;
  readonly pactMaxDocumentBytes: number;
  /** A configured PAdES certificate for pact (`BSNS_PACT_SIGNING_P12`), or null for the generated one. */
  readonly pactSigningP12: { readonly path: string; readonly passphrase: string } | null;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly database: DatabaseConfig;
  readonly databaseAdminUrl: string | undefined;
  readonly poolMax: number;
  readonly redisUrl: string | undefined;
  /** `REDIS_KEY_PREFIX`: every Redis key starts with it. */
  readonly redisKeyPrefix: string;
  readonly mailUrl: string;
  /** `From` of outgoing mail (`MAIL_FROM`). */
  readonly mailFrom: string;
  /** `BSNS_MASTER_KEYS` as given; parsed into a keyring by the crypto module. */
  readonly masterKeys: string | undefined;
  readonly trustProxy: boolean;
  readonly mfaGraceDays: number;
  /** The deployment's environment: a service key made for another one is refused. */
  readonly environment: 'production' | 'staging' | 'development';
  readonly outboxWorker: 'inline' | 'off';
  /** `BSNS_TOKEN_CACHE`: cache verified tokens, invalidated by LISTEN/NOTIFY, or read each from the database. */
  readonly tokenCache: 'listen' | 'off';
  readonly jobNamespace: string;
  /** `BSNS_SCHEDULER_TICK_MS`: how often each process looks for due scheduled jobs. */
  readonly schedulerTickMs: number;
  /** `BSNS_SIGNING_KEY_CACHE_MS`: how long a process trusts its cached signing keys. */
  readonly signingKeyCacheMs: number;
  /** IP addresses webhooks may reach despite being non-public (operator's explicit choice). */
  readonly webhookPrivateAllowlist: readonly string[];
  /** `BSNS_STATEMENT_TIMEOUT_MS`: the runtime roles' `statement_timeout`. */
  readonly statementTimeoutMs: number;
  /** `BSNS_REQUEST_TIMEOUT_MS`: the server-side deadline of one request. */
  readonly requestTimeoutMs: number;
  /** Installation-wide quota limits: the table's defaults with `BSNS_QUOTAS` on top. */
  readonly quotas: QuotaLimits;
  /** The fields of `/.well-known/security.txt` that come from configuration (RFC 9116). */
  readonly securityTxt: SecurityTxtConfig;
}

export type BlobStoreConfig =
  | { readonly kind: 'local'; readonly directory: string }
  | {
      readonly kind: 's3';
      readonly endpoint: string | undefined;
      readonly region: string;
      readonly bucket: string;
      readonly accessKeyId: string;
      readonly secretAccessKey: string;
      readonly forcePathStyle: boolean;
    };

export interface SecurityTxtConfig {
  /** `mailto:` or `https:` URIs, most preferred first; empty means `security@<domain>`. */
  readonly contacts: readonly string[];
  readonly policy: string | undefined;
  readonly encryption: string | undefined;
  readonly languages: readonly string[];
}

/** The one rule on master keys, reported by loadConfig with every other problem and enforced again by loadKeyring. */
export const MASTER_KEYS_REQUIRED = 'BSNS_MASTER_KEYS is required with external databases and in production: generate one with `npx bsns keys generate`';

/** Thrown when the environment is invalid; its message names every bad variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

type Parsed = { [K in EnvVarName]: z.output<Extract<(typeof ENV_MANIFEST)[number], { name: K }>['schema']> };

/**
 * Parses an environment into a frozen config, reporting every problem at once.
 * Empty strings count as unset so `.env` files with blank lines behave.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>, cwd: string): Config {
  const problems: string[] = [];
  const parsed: Record<string, unknown> = {};
  for (const variable of ENV_MANIFEST) {
    const raw = env[variable.name];
    const result = variable.schema.safeParse(raw === '' ? undefined : raw);
    if (result.success) {
      parsed[variable.name] = result.data;
    } else {
      const reason = result.error.issues.map((issue) => issue.message).join('; ');
      const shown = 'secret' in variable && variable.secret ? '(value hidden)' : JSON.stringify(raw);
      problems.push(`${variable.name} ${reason} (got ${shown})`);
    }
  }
  const values = parsed as Parsed;

  // Judged on what was given, not on what parsed: a set but invalid URL is reported above, not as missing.
  const given = (name: EnvVarName) => (env[name] ?? '') !== '';
  const setUrls = DATABASE_URL_VARS.filter(given);
  if (setUrls.length > 0 && setUrls.length < DATABASE_URL_VARS.length) {
    const missing = DATABASE_URL_VARS.filter((name) => !given(name));
    problems.push(`${missing.join(', ')} must be set too: set all four database URLs, or none for the embedded PostgreSQL`);
  }
  // Same rule as loadKeyring, checked here so it is reported with every other problem, at once.
  if ((setUrls.length > 0 || values.NODE_ENV === 'production') && !given('BSNS_MASTER_KEYS')) {
    problems.push(MASTER_KEYS_REQUIRED);
  }
  if (values.NODE_ENV === 'production' && values.BSNS_PUBLIC_URL?.startsWith('http:')) {
    problems.push('BSNS_PUBLIC_URL must use https in production');
  }
  if (values.BSNS_BLOB_STORE === 's3') {
    const missing = S3_REQUIRED.filter((name) => !given(name));
    if (missing.length > 0) problems.push(`BSNS_BLOB_STORE=s3 needs ${missing.join(', ')} too: the bucket and its credentials (docs/operations/blob-storage.md)`);
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const dataDir = path.resolve(cwd, values.BSNS_DATA_DIR);
  const database: DatabaseConfig =
    setUrls.length === 0
      ? { mode: 'embedded', embeddedPort: values.BSNS_EMBEDDED_PG_PORT }
      : {
          mode: 'external',
          urls: {
            identity: values.IDENTITY_DATABASE_URL!,
            identityOwner: values.IDENTITY_OWNER_DATABASE_URL!,
            business: values.BUSINESS_DATABASE_URL!,
            businessOwner: values.BUSINESS_OWNER_DATABASE_URL!,
          },
        };

  return deepFreeze({
    nodeEnv: values.NODE_ENV,
    port: values.PORT,
    host: values.HOST,
    domain: values.BSNS_DOMAIN,
    publicUrl: (values.BSNS_PUBLIC_URL ?? defaultPublicUrl(values.BSNS_DOMAIN, values.PORT)).replace(/\/+$/, ''),
    dataDir,
    blobStore: blobStoreConfig(values, path.resolve(cwd, values.BSNS_BLOB_DIR ?? path.join(dataDir, 'blobs'))),
    pactMaxDocumentBytes: values.BSNS_PACT_MAX_DOCUMENT_BYTES,
    pactSigningP12: values.BSNS_PACT_SIGNING_P12 ? { path: path.resolve(cwd, values.BSNS_PACT_SIGNING_P12), passphrase: values.BSNS_PACT_SIGNING_P12_PASSPHRASE ?? '' } : null,
    logLevel: values.LOG_LEVEL,
    database,
    databaseAdminUrl: values.DATABASE_ADMIN_URL,
    poolMax: values.DATABASE_POOL_MAX,
    redisUrl: values.REDIS_URL,
    redisKeyPrefix: values.REDIS_KEY_PREFIX,
    mailUrl: values.MAIL_URL ?? pathToFileURL(path.join(dataDir, 'mail')).href,
    mailFrom: values.MAIL_FROM,
    masterKeys: values.BSNS_MASTER_KEYS,
    trustProxy: values.TRUST_PROXY,
    mfaGraceDays: values.BSNS_MFA_GRACE_DAYS,
    environment: values.BSNS_ENVIRONMENT,
    outboxWorker: values.BSNS_OUTBOX_WORKER,
    tokenCache: values.BSNS_TOKEN_CACHE,
    jobNamespace: values.BSNS_JOB_NAMESPACE,
    schedulerTickMs: values.BSNS_SCHEDULER_TICK_MS,
    signingKeyCacheMs: values.BSNS_SIGNING_KEY_CACHE_MS,
    webhookPrivateAllowlist: (values.BSNS_WEBHOOK_PRIVATE_ALLOWLIST ?? '').split(',').map((part) => part.trim()).filter(Boolean),
    statementTimeoutMs: values.BSNS_STATEMENT_TIMEOUT_MS,
    requestTimeoutMs: values.BSNS_REQUEST_TIMEOUT_MS,
    quotas: quotaLimits(values.BSNS_QUOTAS ?? {}),
    securityTxt: {
      contacts: splitList(values.BSNS_SECURITY_CONTACT),
      policy: values.BSNS_SECURITY_POLICY,
      encryption: values.BSNS_SECURITY_ENCRYPTION,
      languages: splitList(values.BSNS_SECURITY_LANGUAGES),
    },
  });
}

const S3_REQUIRED = ['BSNS_S3_BUCKET', 'BSNS_S3_ACCESS_KEY_ID', 'BSNS_S3_SECRET_ACCESS_KEY'] as const satisfies readonly EnvVarName[];

function blobStoreConfig(values: Parsed, directory: string): BlobStoreConfig {
  if (values.BSNS_BLOB_STORE === 'local') return { kind: 'local', directory };
  return {
    kind: 's3',
    endpoint: values.BSNS_S3_ENDPOINT,
    region: values.BSNS_S3_REGION,
    // Present: checked with every other problem before the config is built.
    bucket: values.BSNS_S3_BUCKET!,
    accessKeyId: values.BSNS_S3_ACCESS_KEY_ID!,
    secretAccessKey: values.BSNS_S3_SECRET_ACCESS_KEY!,
    forcePathStyle: values.BSNS_S3_FORCE_PATH_STYLE,
  };
}

function splitList(value: string | undefined): string[] {
  return (value ?? '').split(',').map((item) => item.trim()).filter((item) => item !== '');
}

function defaultPublicUrl(domain: string | undefined, port: number): string {
  return domain ? `https://auth.${domain}` : `http://localhost:${port}`;
}

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) {
    if (child && typeof child === 'object') deepFreeze(child as object);
  }
  return Object.freeze(value);
}
