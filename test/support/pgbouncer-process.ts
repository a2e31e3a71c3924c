import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../src/platform/db/free-port.js';

/** A PgBouncer this process started, in front of one PostgreSQL server. */
export interface PgBouncer {
  readonly port: number;
  /** The same URL (user, password, database), through this PgBouncer. */
  through(url: string): string;
  /** Everything PgBouncer logged so far (its log goes to stderr). */
  log(): string;
  stop(): Promise<void>;
}

export interface PgBouncerOptions {
  /** Login URLs of the roles that will connect; their users and passwords form the userlist. */
  readonly logins: readonly string[];
  /** Server connections per database and user pair (`default_pool_size`). */
  readonly poolSize: number;
}

const CANDIDATES = ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer', '/usr/local/bin/pgbouncer'];

/** Where PgBouncer is installed, or null (scripts/ci/ensure-services.sh installs Debian's). */
export function pgbouncerBinary(): string | null {
  return CANDIDATES.find((candidate) => existsSync(candidate)) ?? null;
}

/**
 * Starts PgBouncer in transaction pooling mode on a free loopback port, with its config in a
 * temp dir, in front of the server the logins point at. Clients authenticate with `trust`
 * (loopback only, test logins only); PgBouncer logs in to PostgreSQL with the userlist passwords.
 */
export async function startPgBouncer(options: PgBouncerOptions): Promise<PgBouncer> {
  const binary = pgbouncerBinary();
  if (!binary) throw new Error('pgbouncer is not installed (scripts/ci/ensure-services.sh installs it)');
  const upstream = new URL(options.logins[0]!);
  const dir = await mkdtemp(path.join(tmpdir(), 'bsns-pgbouncer-'));
  const port = await freePort();
  const users = new Map(options.logins.map((login) => {
    const url = new URL(login);
    return [decodeURIComponent(url.username), decodeURIComponent(url.password)] as const;
  }));
  const quote = (value: string) => `"${value.replaceAll('"', '""')}"`;
  await writeFile(path.join(dir, 'userlist.txt'), [...users].map(([user, password]) => `${quote(user)} ${quote(password)}`).join('\n') + '\n');
  await writeFile(
    path.join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `* = host=${upstream.hostname} port=${upstream.port || 5432}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${path.join(dir, 'userlist.txt')}`,
      'pool_mode = transaction',
      `default_pool_size = ${options.poolSize}`,
      'min_pool_size = 0',
      'max_client_conn = 500',
      // node-postgres sends statement_timeout at startup; PgBouncer 1.18 refuses unknown ones.
      'ignore_startup_parameters = statement_timeout',
      'log_connections = 0',
      'log_disconnections = 0',
      '',
    ].join('\n'),
  );
  // PgBouncer refuses to run as root; it then drops to `postgres`, which must read the config.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    await chmod(dir, 0o755);
    await Promise.all(['userlist.txt', 'pgbouncer.ini'].map((file) => chmod(path.join(dir, file), 0o644)));
  }
  const child = spawn(binary, [...(asRoot ? ['-u', 'postgres'] : []), path.join(dir, 'pgbouncer.ini')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`pgbouncer did not start:\n${log}`)), 10_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString('utf8');
      if (log.includes('process up')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`pgbouncer exited with ${code}:\n${log}`));
    });
  });

  return {
    port,
    through(url) {
      const rewritten = new URL(url);
      rewritten.hostname = '127.0.0.1';
      rewritten.port = String(port);
      return rewritten.toString();
    },
    log: () => log,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
