import { isIP } from 'node:net';
import { getPublicSuffix } from 'tldts';
import { z } from 'zod';
import { parseKeyring } from '../platform/crypto/keyring.js';
import { parseQuotaAssignments } from '../platform/quotas/quota-table.js';

/**
 * The one list of environment variables bsns reads. The README table, `.env.example`
 * and `check:env` are all derived from it, so a variable documented nowhere cannot exist.
 */
export interface EnvVar {
  readonly name: string;
  readonly schema: z.ZodType<unknown>;
  readonly description: string;
  /** Shown in `.env.example`; secrets get a placeholder, never a real value. */
  readonly example: string;
  readonly secret?: boolean;
  readonly group: 'server' | 'database' | 'services' | 'security';
}

const postgresUrl = z
  .string()
  .refine((value) => /^postgres(ql)?:\/\//.test(value), 'must be a postgres:// or postgresql:// URL')
  .refine((value) => URL.canParse(value), 'must be a valid URL');

// security.txt fields: one line each, so no whitespace may hide a second field inside a value.
const httpsUri = z.url({ protocol: /^https$/ }).refine((value) => !/\s/.test(value), 'must not contain whitespace');
const uriList = z
  .string()
  .refine(
    (value) => value.split(',').every((uri) => /^(mailto:[^\s@,]+@[^\s@,]+|https:\/\/[^\s,]+)$/.test(uri.trim()) && URL.canParse(uri.trim())),
    'must be mailto: or https: URIs separated by commas',
  );

const PORT_RANGE = 'must be a port number from 1 to 65535';
const port = z.coerce.number({ error: PORT_RANGE }).int(PORT_RANGE).min(1, PORT_RANGE).max(65535, PORT_RANGE);

export const ENV_MANIFEST = [
  {
    name: 'NODE_ENV',
    schema: z.enum(['development', 'test', 'production']).default('development'),
    description: 'Runtime mode. `production` turns off development-only pages and requires https URLs.',
    example: 'development',
    group: 'server',
  },
  {
    name: 'PORT',
    schema: port.default(3000),
    description: 'TCP port the suite listens on.',
    example: '3000',
    group: 'server',
  },
  {
    name: 'HOST',
    schema: z.string().min(1).default('127.0.0.1'),
    description: 'Interface to bind. Use `0.0.0.0` behind a load balancer or in a container.',
    example: '127.0.0.1',
    group: 'server',
  },
  {
    name: 'BSNS_DOMAIN',
    schema: z
      .string()
      .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a lower-case DNS name such as example.com')
      // A cookie scoped to a public suffix (co.uk, github.io) would be sent to every site under it.
      .refine((domain) => getPublicSuffix(domain, { allowPrivateDomains: true }) !== domain, 'must not be a public suffix (such as co.uk or github.io)')
      .optional(),
    description: 'Parent domain. When set, each app is served on its own host (`auth.<domain>`, `records.<domain>`, …) instead of a path prefix.',
    example: '',
    group: 'server',
  },
  {
    name: 'BSNS_PUBLIC_URL',
    schema: z.url({ protocol: /^https?$/ }).optional(),
    description: 'Base URL used in links the suite sends (emails, redirects). Defaults to `https://auth.<BSNS_DOMAIN>` or `http://localhost:<PORT>`. Never taken from the Host header.',
    example: '',
    group: 'server',
  },
  {
    name: 'BSNS_DATA_DIR',
    schema: z.string().min(1).default('./.data'),
    description: 'Directory for local state: the embedded PostgreSQL cluster, its generated credentials and the development mailbox.',
    example: './.data',
    group: 'server',
  },
  {
    name: 'BSNS_BLOB_STORE',
    schema: z.enum(['local', 's3']).default('local'),
    description: "Where stored files (pact's PDFs, each sealed with its tenant's data key) are kept: `local` (a directory, `BSNS_BLOB_DIR`) or `s3` (an S3-compatible bucket, `BSNS_S3_*`). docs/operations/blob-storage.md.",
    example: 'local',
    group: 'server',
  },
  {
    name: 'BSNS_BLOB_DIR',
    schema: z.string().min(1).optional(),
    description: 'Directory of stored files when `BSNS_BLOB_STORE=local`. Defaults to `<BSNS_DATA_DIR>/blobs`. Back it up with the business database.',
    example: '',
    group: 'server',
  },
  {
    name: 'BSNS_PACT_MAX_DOCUMENT_BYTES',
    schema: z.coerce.number().int().min(10_000).max(100_000_000).default(10_000_000),
    description: 'Largest PDF a sender may upload to a pact envelope, in bytes.',
    example: '10000000',
    group: 'server',
  },
  {
    name: 'BSNS_PACT_SIGNING_P12',
    schema: z.string().min(1).optional(),
    description: "PKCS#12 file pact signs completed PDFs with (PAdES). Unset: a certificate generated once for this installation, kept sealed in the identity database.",
    example: '',
    group: 'server',
  },
  {
    name: 'BSNS_PACT_SIGNING_P12_PASSPHRASE',
    schema: z.string().optional(),
    description: 'Passphrase of BSNS_PACT_SIGNING_P12.',
    example: '',
    secret: true,
    group: 'server',
  },
  {
    name: 'LOG_LEVEL',
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    description: 'Minimum level of the JSON logs written to stdout.',
    example: 'info',
    group: 'server',
  },
  {
    name: 'IDENTITY_DATABASE_URL',
    schema: postgresUrl.optional(),
    description: 'Identity database as its runtime role (users, credentials, sessions). Set all four database URLs or none; none starts the embedded PostgreSQL.',
    example: 'postgres://bsns_identity_app:change-me@127.0.0.1:5432/bsns_identity',
    secret: true,
    group: 'database',
  },
  {
    name: 'IDENTITY_OWNER_DATABASE_URL',
    schema: postgresUrl.optional(),
    description: 'Identity database as the role that owns its tables; used only by `bsns migrate`.',
    example: 'postgres://bsns_identity_owner:change-me@127.0.0.1:5432/bsns_identity',
    secret: true,
    group: 'database',
  },
  {
    name: 'BUSINESS_DATABASE_URL',
    schema: postgresUrl.optional(),
    description: 'Business database as its runtime role: not superuser, not BYPASSRLS, owns nothing, so row-level security always applies.',
    example: 'postgres://bsns_business_app:change-me@127.0.0.1:5432/bsns_business',
    secret: true,
    group: 'database',
  },
  {
    name: 'BUSINESS_OWNER_DATABASE_URL',
    schema: postgresUrl.optional(),
    description: 'Business database as the table owner: runs migrations and backs the audited cross-tenant client.',
    example: 'postgres://bsns_business_owner:change-me@127.0.0.1:5432/bsns_business',
    secret: true,
    group: 'database',
  },
  {
    name: 'DATABASE_ADMIN_URL',
    schema: postgresUrl.optional(),
    description: 'A superuser URL, used only by `bsns db provision` to create the databases and roles above. Never used while serving.',
    example: 'postgres://postgres@127.0.0.1:5432/postgres',
    secret: true,
    group: 'database',
  },
  {
    name: 'DATABASE_POOL_MAX',
    schema: z.coerce.number().int().min(1).max(500).default(10),
    description: 'Maximum connections in each runtime pool.',
    example: '10',
    group: 'database',
  },
  {
    name: 'BSNS_EMBEDDED_PG_PORT',
    schema: port.default(54329),
    description: 'Port of the embedded PostgreSQL (only when no database URL is set).',
    example: '54329',
    group: 'database',
  },
  {
    name: 'BSNS_STATEMENT_TIMEOUT_MS',
    schema: z.coerce.number().int().min(100).max(3_600_000).default(15_000),
    description:
      'Longest one SQL statement of the runtime roles may run before PostgreSQL cancels it (answered 503). Set on the roles by `bsns db provision` and on each pool connection.',
    example: '15000',
    group: 'database',
  },
  {
    name: 'BSNS_REQUEST_TIMEOUT_MS',
    schema: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
    description: 'Longest a request may take, from its first byte to the response, before the server answers 503 `service.timeout`.',
    example: '30000',
    group: 'server',
  },
  {
    name: 'BSNS_QUOTAS',
    schema: z
      .string()
      .superRefine((value, context) => {
        try {
          parseQuotaAssignments(value);
        } catch (error) {
          context.addIssue({ code: 'custom', message: (error as Error).message });
        }
      })
      .transform((value) => parseQuotaAssignments(value))
      .optional(),
    description:
      'Installation-wide quota overrides, `key=value` separated by commas (e.g. `tenant.labels=5000,user.tenants_owned=3`). Keys and defaults: docs/operations/quotas.md. One tenant\'s limits: `npx bsns quotas set`.',
    example: '',
    group: 'security',
  },
  {
    name: 'REDIS_URL',
    schema: z
      .string()
      .refine((value) => /^rediss?:\/\//.test(value) && URL.canParse(value), 'must be a redis:// or rediss:// URL')
      .optional(),
    description: 'Redis for rate limits and caches. Without it PostgreSQL backs them.',
    example: '',
    secret: true,
    group: 'services',
  },
  {
    name: 'REDIS_KEY_PREFIX',
    schema: z
      .string()
      .regex(/^[A-Za-z0-9:._-]{1,64}$/, 'must be 1-64 of A-Z a-z 0-9 : . _ -')
      .default('bsns:'),
    description: 'Prefix of every key bsns writes to Redis, so several installations (or test runs) can share one Redis.',
    example: 'bsns:',
    group: 'services',
  },
  {
    name: 'BSNS_S3_ENDPOINT',
    schema: z.url({ protocol: /^https?$/ }).optional(),
    description: 'URL of an S3-compatible service (MinIO, Ceph, R2…) when `BSNS_BLOB_STORE=s3`. Unset means AWS S3 itself.',
    example: '',
    group: 'services',
  },
  {
    name: 'BSNS_S3_REGION',
    schema: z.string().regex(/^[a-z0-9-]{1,32}$/, 'must be a region name such as eu-central-1').default('us-east-1'),
    description: 'Region of the bucket (`us-east-1` for most self-hosted services).',
    example: 'us-east-1',
    group: 'services',
  },
  {
    name: 'BSNS_S3_BUCKET',
    // S3's bucket naming rules: what a path-style or virtual-host URL can carry.
    schema: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name: 3-63 of a-z 0-9 . -').optional(),
    description: 'Bucket of stored files; required with `BSNS_BLOB_STORE=s3`. The suite does not create it.',
    example: '',
    group: 'services',
  },
  {
    name: 'BSNS_S3_ACCESS_KEY_ID',
    schema: z.string().min(1).max(256).optional(),
    description: 'Access key of the bucket; required with `BSNS_BLOB_STORE=s3`. It needs GetObject, PutObject, DeleteObject and ListBucket on the bucket, nothing else.',
    example: '',
    group: 'services',
  },
  {
    name: 'BSNS_S3_SECRET_ACCESS_KEY',
    schema: z.string().min(1).max(256).optional(),
    description: 'Secret of `BSNS_S3_ACCESS_KEY_ID`; required with `BSNS_BLOB_STORE=s3`.',
    example: '<secret access key>',
    secret: true,
    group: 'services',
  },
  {
    name: 'BSNS_S3_FORCE_PATH_STYLE',
    schema: z
      .enum(['true', 'false', '1', '0'])
      .default('false')
      .transform((value) => value === 'true' || value === '1'),
    description: 'Address the bucket as `<endpoint>/<bucket>/…` instead of `<bucket>.<endpoint>/…`. Most self-hosted services (MinIO) need `true`.',
    example: 'false',
    group: 'services',
  },
  {
    name: 'MAIL_URL',
    schema: z
      .string()
      .refine((value) => /^(smtps?|file):\/\//.test(value) && URL.canParse(value), 'must be smtp://, smtps:// or file:///absolute/dir')
      .optional(),
    description: 'Outgoing mail: `smtp://user:pass@host:port`, or `file:///abs/dir` to write `.eml` files. Defaults to `<BSNS_DATA_DIR>/mail`.',
    example: '',
    secret: true,
    group: 'services',
  },
  {
    name: 'MAIL_FROM',
    schema: z
      .string()
      // `Name <address>` or a bare address, on one line: a CR or LF here would inject headers.
      .regex(/^(?:[^<>\r\n]+ )?<[^\s<>@]+@[^\s<>@]+>$|^[^\s<>@]+@[^\s<>@]+$/, 'must be an address such as `bsns <no-reply@example.com>` or `no-reply@example.com`')
      .default('bsns <no-reply@localhost>'),
    description: 'Sender (`From`) of the mail the suite sends.',
    example: 'bsns <no-reply@example.com>',
    group: 'services',
  },
  {
    name: 'BSNS_MASTER_KEYS',
    schema: z
      .string()
      .superRefine((value, context) => {
        const problem = keyringProblem(value);
        if (problem) context.addIssue({ code: 'custom', message: problem });
      })
      .optional(),
    description:
      'Master encryption keys, `id:base64url(32 bytes)` separated by commas; the first encrypts, all decrypt. Required with external databases; `npx bsns keys generate` makes one. Only embedded development mode generates its own under the data directory.',
    example: 'k1:<32 random bytes, base64url>',
    secret: true,
    group: 'security',
  },
  {
    name: 'TRUST_PROXY',
    schema: z
      .enum(['true', 'false', '1', '0'])
      .default('false')
      .transform((value) => value === 'true' || value === '1'),
    description: 'Believe `X-Forwarded-For` / `X-Forwarded-Proto` from the proxy in front. Leave off unless a proxy you control sets them, or clients can spoof their address past rate limits.',
    example: 'false',
    group: 'security',
  },
  {
    name: 'BSNS_TOKEN_CACHE',
    schema: z.enum(['listen', 'off']).default('listen'),
    description:
      'Personal access tokens: `listen` caches verified tokens in each process and drops them on the identity database\'s NOTIFY (one direct LISTEN connection per process on `IDENTITY_DATABASE_URL`; refused, and the cache bypassed, when that URL goes through PgBouncer); `off` reads every token from the database (docs/operations/api-tokens.md).',
    example: 'listen',
    group: 'security',
  },
  {
    name: 'BSNS_OUTBOX_WORKER',
    schema: z.enum(['inline', 'off']).default('inline'),
    description: 'Where the outbox worker (emails, webhooks, notifications) runs: `inline` in the suite process, or `off` for a process that only serves requests. It needs a direct (session) PostgreSQL connection, never a PgBouncer transaction pool.',
    example: 'inline',
    group: 'services',
  },
  {
    name: 'BSNS_SCHEDULER_TICK_MS',
    schema: z.coerce.number().int().min(1_000).max(30_000).default(30_000),
    description:
      'How often each process looks for due scheduled jobs and runs the dead-man\'s switch watchdog (docs/operations/scheduled-jobs.md). At most 30000, so a job\'s grace of one tick still holds.',
    example: '30000',
    group: 'services',
  },
  {
    name: 'BSNS_JOB_NAMESPACE',
    schema: z.string().regex(/^[a-z][a-z0-9_]{0,30}$/, 'must be a short lower-case identifier').default('bsns'),
    description: 'Prefix of the job names this suite adds and runs; only suites sharing one business database for different purposes need distinct values.',
    example: 'bsns',
    group: 'services',
  },
  {
    name: 'BSNS_WEBHOOK_PRIVATE_ALLOWLIST',
    schema: z
      .string()
      .refine((value) => value.split(',').every((part) => isIP(part.trim()) !== 0), 'must be a comma-separated list of IP addresses')
      .optional(),
    description: 'IP addresses that webhooks may reach although they are loopback or private (e.g. an on-premises receiver). Unset, every non-public address is refused; the cloud metadata address is always refused. See docs/operations/outbox.md.',
    example: '',
    group: 'security',
  },
  {
    name: 'BSNS_ENVIRONMENT',
    schema: z.enum(['production', 'staging', 'development']).default('development'),
    description: 'Which environment this deployment is. Service keys are made for one environment (`bsns service-keys create --env`) and refused by every other.',
    example: 'development',
    group: 'security',
  },
  {
    name: 'BSNS_SIGNING_KEY_CACHE_MS',
    schema: z.coerce.number().int().min(1_000).max(60_000).default(60_000),
    description:
      'How long each process trusts its cached session signing keys before reading them again: the longest a process keeps signing with a key that `bsns keys rotate-signing` retired elsewhere (docs/operations/workers.md). At most 60000.',
    example: '60000',
    group: 'security',
  },
  {
    name: 'BSNS_MFA_GRACE_DAYS',
    schema: z.coerce.number().int().min(0).max(90).default(7),
    description: 'Days a new account may sign in before it must enrol a passkey or TOTP.',
    example: '7',
    group: 'security',
  },
  {
    name: 'BSNS_SECURITY_CONTACT',
    schema: uriList.optional(),
    description: 'security.txt `Contact`: `mailto:` or `https:` URIs separated by commas, most preferred first. Defaults to `mailto:security@<BSNS_DOMAIN>` (or the host of the public URL).',
    example: 'mailto:security@example.com',
    group: 'security',
  },
  {
    name: 'BSNS_SECURITY_POLICY',
    schema: httpsUri.optional(),
    description: 'security.txt `Policy`: https URL of the vulnerability disclosure policy. Omitted when unset.',
    example: '',
    group: 'security',
  },
  {
    name: 'BSNS_SECURITY_ENCRYPTION',
    schema: httpsUri.optional(),
    description: 'security.txt `Encryption`: https URL of the OpenPGP key for reports. Omitted when unset.',
    example: '',
    group: 'security',
  },
  {
    name: 'BSNS_SECURITY_LANGUAGES',
    schema: z
      .string()
      .regex(/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*(\s*,\s*[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*)*$/, 'must be language tags separated by commas, such as `en, fr`')
      .default('en'),
    description: 'security.txt `Preferred-Languages`: language tags of the reports you read, separated by commas.',
    example: 'en',
    group: 'security',
  },
] as const satisfies readonly EnvVar[];

function keyringProblem(value: string): string | null {
  try {
    parseKeyring(value);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

export type EnvVarName = (typeof ENV_MANIFEST)[number]['name'];

/** All four URLs together, or none (embedded mode). */
export const DATABASE_URL_VARS = [
  'IDENTITY_DATABASE_URL',
  'IDENTITY_OWNER_DATABASE_URL',
  'BUSINESS_DATABASE_URL',
  'BUSINESS_OWNER_DATABASE_URL',
] as const satisfies readonly EnvVarName[];
