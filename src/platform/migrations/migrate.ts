import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { installJobQueueSchema } from '../outbox/job-queue-schema.js';

export type DatabaseName = 'identity' | 'business';

export interface Migration {
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

export interface MigrationReport {
  readonly database: DatabaseName;
  readonly applied: readonly string[];
  readonly alreadyApplied: number;
}

/** Thrown when the database and the migration files disagree; never auto-resolved. */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

const MIGRATIONS_ROOT = fileURLToPath(new URL('../../../migrations/', import.meta.url));
const FILE_PATTERN = /^\d{4}_[a-z0-9_]+\.sql$/;
// Serialises concurrent `bsns migrate` runs (two replicas booting at once).
const LOCK_KEY = 0x62736e73;

export async function loadMigrations(database: DatabaseName, root = MIGRATIONS_ROOT): Promise<Migration[]> {
  const dir = path.join(root, database);
  const files = (await readdir(dir)).filter((file) => file.endsWith('.sql')).sort();
  const bad = files.filter((file) => !FILE_PATTERN.test(file));
  if (bad.length > 0) throw new MigrationError(`Migration files must be named NNNN_snake_case.sql: ${bad.join(', ')}`);
  return Promise.all(
    files.map(async (file) => {
      const sql = await readFile(path.join(dir, file), 'utf8');
      return { name: file, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

/**
 * Applies pending forward-only migrations as the database's owner role, each in its own
 * transaction. An applied migration whose file changed, or one the files no longer have,
 * stops the run: history is append-only (see docs/operations/migrations.md).
 */
export async function migrateDatabase(ownerUrl: string, database: DatabaseName, migrations?: Migration[]): Promise<MigrationReport> {
  const files = migrations ?? (await loadMigrations(database));
  const client = new pg.Client({ connectionString: ownerUrl, application_name: `bsns-migrate-${database}` });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    await client.query(`
      CREATE TABLE IF NOT EXISTS bsns_migrations (
        name text PRIMARY KEY,
        checksum text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Default privileges hand new tables to the runtime role; migration history is the owner's alone.
    await client.query(`
      DO $$ DECLARE grantee_name text; BEGIN
        FOR grantee_name IN SELECT DISTINCT grantee FROM information_schema.role_table_grants
          WHERE table_schema = 'public' AND table_name = 'bsns_migrations' AND grantee <> current_user LOOP
          EXECUTE format('REVOKE ALL ON bsns_migrations FROM %I', grantee_name);
        END LOOP;
      END $$`);
    const { pending, alreadyApplied } = await compareWithHistory(client, database, files);
    for (const migration of pending) {
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO bsns_migrations (name, checksum) VALUES ($1, $2)', [migration.name, migration.checksum]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new MigrationError(`${database}: migration ${migration.name} failed: ${(error as Error).message}`);
      }
    }
    // The job engine's own schema, after ours: its tables are not tenant data (jobs carry ids only).
    if (database === 'business') await installJobQueueSchema(ownerUrl, client);
    return { database, applied: pending.map((file) => file.name), alreadyApplied };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}

/** Names of the migrations not yet applied; throws if history and files disagree. For boot-time checks. */
export async function pendingMigrations(ownerUrl: string, database: DatabaseName): Promise<string[]> {
  const files = await loadMigrations(database);
  const client = new pg.Client({ connectionString: ownerUrl, application_name: `bsns-migrate-${database}` });
  await client.connect();
  try {
    const table = await client.query("SELECT to_regclass('public.bsns_migrations') AS name");
    if (!table.rows[0]?.name) return files.map((file) => file.name);
    return (await compareWithHistory(client, database, files)).pending.map((file) => file.name);
  } finally {
    await client.end();
  }
}

async function compareWithHistory(client: pg.Client, database: DatabaseName, files: Migration[]) {
  const { rows } = await client.query<{ name: string; checksum: string }>('SELECT name, checksum FROM bsns_migrations ORDER BY name');
  const known = new Map(files.map((file) => [file.name, file]));
  for (const row of rows) {
    const file = known.get(row.name);
    if (!file) throw new MigrationError(`${database}: migration ${row.name} is applied but missing from the code; is this an older release?`);
    if (file.checksum !== row.checksum) {
      throw new MigrationError(`${database}: applied migration ${row.name} was changed after it ran (checksum mismatch). Migrations are forward-only: add a new file instead.`);
    }
  }
  const applied = new Set(rows.map((row) => row.name));
  return { pending: files.filter((file) => !applied.has(file.name)), alreadyApplied: rows.length };
}
