import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './load-config.js';
import { DATABASE_URL_VARS, ENV_MANIFEST } from './manifest.js';

const CWD = path.resolve('/srv/bsns');

function problemsOf(env: Record<string, string>): string {
  try {
    loadConfig(env, CWD);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected loadConfig to refuse this environment');
}

const MASTER_KEYS = `k1:${Buffer.alloc(32, 7).toString('base64url')}`;

function fourUrls(): Record<string, string> {
  return Object.fromEntries(DATABASE_URL_VARS.map((name, index) => [name, `postgres://role${index}:pw${index}@db.internal:5432/bsns`]));
}

describe('loadConfig with an empty environment', () => {
  it('gives the embedded development defaults', () => {
    const config = loadConfig({}, CWD);
    expect(config).toMatchObject({
      nodeEnv: 'development',
      port: 3000,
      host: '127.0.0.1',
      domain: undefined,
      publicUrl: 'http://localhost:3000',
      dataDir: path.join(CWD, '.data'),
      logLevel: 'info',
      database: { mode: 'embedded', embeddedPort: 54329 },
      databaseAdminUrl: undefined,
      poolMax: 10,
      redisUrl: undefined,
      mailUrl: `file://${path.join(CWD, '.data', 'mail')}`,
    });
  });

  it('treats empty strings as unset, as a .env file with blank values means', () => {
    const blank = Object.fromEntries(ENV_MANIFEST.map((variable) => [variable.name, '']));
    expect(loadConfig(blank, CWD)).toEqual(loadConfig({}, CWD));
  });
});

describe('loadConfig with every database URL', () => {
  it('uses the external servers and never the embedded one', () => {
    const env = fourUrls();
    const config = loadConfig({ ...env, BSNS_MASTER_KEYS: MASTER_KEYS }, CWD);
    expect(config.database).toEqual({
      mode: 'external',
      urls: {
        identity: env.IDENTITY_DATABASE_URL,
        identityOwner: env.IDENTITY_OWNER_DATABASE_URL,
        business: env.BUSINESS_DATABASE_URL,
        businessOwner: env.BUSINESS_OWNER_DATABASE_URL,
      },
    });
  });

  it('requires master keys, reported together with every other problem', () => {
    const message = problemsOf({ ...fourUrls(), PORT: 'eighty' });
    expect(message).toContain('- PORT ');
    expect(message).toContain('- BSNS_MASTER_KEYS is required with external databases');
  });
});

describe('loadConfig with a bad environment', () => {
  it('names every bad variable in one error', () => {
    const message = problemsOf({
      PORT: 'abc',
      LOG_LEVEL: 'loud',
      IDENTITY_DATABASE_URL: 'mysql://root:pw@db/identity',
      BUSINESS_DATABASE_URL: 'postgres://app:pw@db/business',
      DATABASE_POOL_MAX: '0',
    });
    expect(message).toMatch(/^Invalid configuration:\n/);
    expect(message).toMatch(/PORT must be a port number from 1 to 65535 \(got "abc"\)/);
    expect(message).toMatch(/LOG_LEVEL .*"info".* \(got "loud"\)/);
    expect(message).toMatch(/IDENTITY_DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL/);
    expect(message).toMatch(/DATABASE_POOL_MAX/);
    // Two of four URLs given: the other two are named as missing; a set-but-invalid one is not.
    expect(message).toMatch(/- IDENTITY_OWNER_DATABASE_URL, BUSINESS_OWNER_DATABASE_URL must be set too/);
    expect(message).toMatch(/- BSNS_MASTER_KEYS is required with external databases/);
    expect(message.split('\n').filter((line) => line.startsWith('  - '))).toHaveLength(6);
  });

  it.each([
    ['PORT', '70000'],
    ['PORT', '3000.5'],
    ['BSNS_EMBEDDED_PG_PORT', '-1'],
    ['NODE_ENV', 'staging'],
    ['BSNS_DOMAIN', 'Example.COM'],
    ['BSNS_PUBLIC_URL', 'ftp://example.com'],
    ['REDIS_URL', 'http://cache:6379'],
    ['MAIL_URL', 'smtp//missing-colon'],
  ])('refuses %s=%s', (name, value) => {
    expect(problemsOf({ [name]: value })).toContain(`- ${name} `);
  });

  it('never echoes the value of a secret variable', () => {
    const marker = 'S3cr3t-Marker';
    const secrets = ENV_MANIFEST.filter((variable) => 'secret' in variable && variable.secret);
    const message = problemsOf(Object.fromEntries(secrets.map((variable) => [variable.name, `not a url ${marker}:${marker}@`])));
    for (const name of [...DATABASE_URL_VARS, 'DATABASE_ADMIN_URL', 'REDIS_URL', 'MAIL_URL']) expect(message).toContain(`- ${name} `);
    expect(message).not.toContain(marker);
    expect(message).toContain('(value hidden)');
  });

  it('does not echo the password of a well-formed database URL reported as incomplete', () => {
    const message = problemsOf({ BUSINESS_DATABASE_URL: 'postgres://app:hunter2@db/business' });
    expect(message).toContain('IDENTITY_DATABASE_URL, IDENTITY_OWNER_DATABASE_URL, BUSINESS_OWNER_DATABASE_URL must be set too');
    expect(message).not.toContain('hunter2');
  });

  it('refuses an http public URL in production, and allows it in development', () => {
    expect(problemsOf({ NODE_ENV: 'production', BSNS_PUBLIC_URL: 'http://auth.example.com' })).toContain(
      'BSNS_PUBLIC_URL must use https in production',
    );
    expect(loadConfig({ BSNS_PUBLIC_URL: 'http://localhost:8080/' }, CWD).publicUrl).toBe('http://localhost:8080');
  });
});

describe('the loaded config', () => {
  it('is frozen all the way down', () => {
    const config = loadConfig({ ...fourUrls(), BSNS_MASTER_KEYS: MASTER_KEYS }, CWD);
    expect(Object.isFrozen(config)).toBe(true);
    expect(() => {
      (config as { port: number }).port = 1;
    }).toThrow(TypeError);
    expect(() => {
      (config.database as { mode: string }).mode = 'embedded';
    }).toThrow(TypeError);
    const { database } = config;
    if (database.mode !== 'external') throw new Error('expected external mode');
    const { urls } = database;
    expect(() => {
      (urls as { business: string }).business = 'postgres://attacker@evil/db';
    }).toThrow(TypeError);
  });
});

describe('BSNS_QUOTAS', () => {
  it('overrides the defaults of the quota table, key by key', () => {
    const config = loadConfig({ BSNS_QUOTAS: 'tenant.labels=5000, user.tenants_owned=3' }, CWD);
    expect(config.quotas['tenant.labels']).toBe(5000);
    expect(config.quotas['user.tenants_owned']).toBe(3);
    expect(config.quotas['tenant.members']).toBe(loadConfig({}, CWD).quotas['tenant.members']);
  });

  it.each([
    ['an unknown key', 'tenant.lables=5', '"tenant.lables" is not a quota'],
    ['a negative value', 'tenant.labels=-1', 'is not key=non-negative integer'],
    ['a value that is not a number', 'tenant.labels=lots', 'is not key=non-negative integer'],
  ])('refuses %s, naming it', (_, value, expected) => {
    expect(problemsOf({ BSNS_QUOTAS: value })).toContain(expected);
  });
});

describe('BSNS_BLOB_STORE', () => {
  it('keeps blobs under the data directory by default', () => {
    expect(loadConfig({}, CWD).blobStore).toEqual({ kind: 'local', directory: path.join(CWD, '.data', 'blobs') });
    expect(loadConfig({ BSNS_DATA_DIR: '/var/lib/bsns' }, CWD).blobStore).toEqual({ kind: 'local', directory: '/var/lib/bsns/blobs' });
    expect(loadConfig({ BSNS_BLOB_DIR: 'files' }, CWD).blobStore).toEqual({ kind: 'local', directory: path.join(CWD, 'files') });
  });

  it('reads an S3 bucket with its credentials', () => {
    const config = loadConfig(
      { BSNS_BLOB_STORE: 's3', BSNS_S3_ENDPOINT: 'http://minio.internal:9000', BSNS_S3_BUCKET: 'bsns-blobs', BSNS_S3_ACCESS_KEY_ID: 'AKIA1', BSNS_S3_SECRET_ACCESS_KEY: 's3cret', BSNS_S3_FORCE_PATH_STYLE: 'true' },
      CWD,
    );
    expect(config.blobStore).toEqual({ kind: 's3', endpoint: 'http://minio.internal:9000', region: 'us-east-1', bucket: 'bsns-blobs', accessKeyId: 'AKIA1', secretAccessKey: 's3cret', forcePathStyle: true });
  });

  it('refuses to boot on s3 without a bucket or credentials, naming each, and hides the secret', () => {
    expect(problemsOf({ BSNS_BLOB_STORE: 's3' })).toContain('BSNS_BLOB_STORE=s3 needs BSNS_S3_BUCKET, BSNS_S3_ACCESS_KEY_ID, BSNS_S3_SECRET_ACCESS_KEY too');
    expect(problemsOf({ BSNS_BLOB_STORE: 's3', BSNS_S3_BUCKET: 'bsns-blobs', BSNS_S3_ACCESS_KEY_ID: 'AKIA1' })).toContain('needs BSNS_S3_SECRET_ACCESS_KEY too');
    expect(problemsOf({ BSNS_BLOB_STORE: 'ftp' })).toContain('BSNS_BLOB_STORE');
    expect(problemsOf({ BSNS_BLOB_STORE: 's3', BSNS_S3_BUCKET: 'No_Such', BSNS_S3_ACCESS_KEY_ID: 'a', BSNS_S3_SECRET_ACCESS_KEY: 'x'.repeat(300) })).not.toContain('x'.repeat(300));
  });
});
