import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { provisionScratchDatabases, type ScratchDatabases } from '../../../test/support/scratch-databases.js';
import { loadMigrations, MigrationError, migrateDatabase } from './migrate.js';

/** Migrations run against a throw-away business database, reset before each test, from temp directories. */

let scratch: ScratchDatabases;
const roots: string[] = [];

beforeAll(async () => {
  scratch = await provisionScratchDatabases();
});

afterAll(async () => {
  await scratch?.drop();
  await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })));
});

beforeEach(async () => {
  await asOwner((client) =>
    client.query(`DO $$ DECLARE t text; BEGIN
      FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP EXECUTE format('DROP TABLE %I CASCADE', t); END LOOP;
    END $$`),
  );
});

async function asOwner<T>(work: (client: pg.Client) => Promise<T>, url = scratch.urls.businessOwner): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A migrations root holding `business/<name>` files. */
async function migrationsRoot(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'bsns-migrations-'));
  roots.push(root);
  await mkdir(path.join(root, 'business'));
  await Promise.all(Object.entries(files).map(([name, sql]) => writeFile(path.join(root, 'business', name), sql)));
  return root;
}

async function migrate(root: string) {
  return migrateDatabase(scratch.urls.businessOwner, 'business', await loadMigrations('business', root));
}

async function history(): Promise<Array<{ name: string; checksum: string }>> {
  return asOwner(async (client) => (await client.query('SELECT name, checksum FROM bsns_migrations ORDER BY applied_at, name')).rows);
}

async function tableExists(name: string): Promise<boolean> {
  return asOwner(async (client) => (await client.query('SELECT to_regclass($1) AS t', [`public.${name}`])).rows[0].t !== null);
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const FIRST = 'CREATE TABLE widgets (id int PRIMARY KEY, name text NOT NULL);';
const SECOND = "INSERT INTO widgets VALUES (1, 'needs the table from 0001');";

describe('migrateDatabase', () => {
  it('applies pending files in name order and records each checksum', async () => {
    // Written out of order on purpose: 0002 only works after 0001.
    const root = await migrationsRoot({ '0002_seed_widgets.sql': SECOND, '0001_create_widgets.sql': FIRST });
    const report = await migrate(root);
    expect(report).toEqual({ database: 'business', applied: ['0001_create_widgets.sql', '0002_seed_widgets.sql'], alreadyApplied: 0 });
    expect(await history()).toEqual([
      { name: '0001_create_widgets.sql', checksum: sha256(FIRST) },
      { name: '0002_seed_widgets.sql', checksum: sha256(SECOND) },
    ]);
  });

  it('does nothing on a second run', async () => {
    const root = await migrationsRoot({ '0001_create_widgets.sql': FIRST, '0002_seed_widgets.sql': SECOND });
    await migrate(root);
    const before = await asOwner(async (client) => (await client.query('SELECT name, applied_at FROM bsns_migrations ORDER BY name')).rows);
    expect(await migrate(root)).toEqual({ database: 'business', applied: [], alreadyApplied: 2 });
    const after = await asOwner(async (client) => (await client.query('SELECT name, applied_at FROM bsns_migrations ORDER BY name')).rows);
    expect(after).toEqual(before);
  });

  it('refuses a migration changed after it was applied, and applies nothing else', async () => {
    await migrate(await migrationsRoot({ '0001_create_widgets.sql': FIRST }));
    const edited = await migrationsRoot({
      '0001_create_widgets.sql': `${FIRST}\nALTER TABLE widgets ADD COLUMN sneaky text;`,
      '0002_seed_widgets.sql': SECOND,
    });
    const run = migrate(edited);
    await expect(run).rejects.toBeInstanceOf(MigrationError);
    await expect(run).rejects.toThrow(
      'business: applied migration 0001_create_widgets.sql was changed after it ran (checksum mismatch). Migrations are forward-only: add a new file instead.',
    );
    expect((await history()).map((row) => row.name)).toEqual(['0001_create_widgets.sql']);
  });

  it('refuses a database that has a migration the files do not (an older release)', async () => {
    await migrate(await migrationsRoot({ '0001_create_widgets.sql': FIRST, '0002_seed_widgets.sql': SECOND }));
    await expect(migrate(await migrationsRoot({ '0001_create_widgets.sql': FIRST }))).rejects.toThrow(
      /business: migration 0002_seed_widgets\.sql is applied but missing from the code/,
    );
  });

  it('rolls a failing migration back entirely and stops there', async () => {
    const root = await migrationsRoot({
      '0001_create_widgets.sql': FIRST,
      '0002_half_done.sql': 'CREATE TABLE gadgets (id int PRIMARY KEY);\nINSERT INTO gadgets VALUES (1);\nSELECT 1 / 0;',
      '0003_never_reached.sql': 'CREATE TABLE gizmos (id int);',
    });
    const run = migrate(root);
    await expect(run).rejects.toBeInstanceOf(MigrationError);
    await expect(run).rejects.toThrow('business: migration 0002_half_done.sql failed: division by zero');
    expect(await tableExists('widgets')).toBe(true);
    expect(await tableExists('gadgets')).toBe(false);
    expect(await tableExists('gizmos')).toBe(false);
    expect((await history()).map((row) => row.name)).toEqual(['0001_create_widgets.sql']);
  });

  it('serialises concurrent runs so no migration is applied twice', async () => {
    // 0001 blocks on a table this test holds locked, while its run holds the migration lock;
    // the second run must then queue on that advisory lock instead of reading stale history.
    await asOwner((client) => client.query('CREATE TABLE gate (id int)'));
    const root = await migrationsRoot({
      '0001_create_widgets.sql': `LOCK TABLE gate IN ACCESS SHARE MODE;\n${FIRST}`,
      '0002_seed_widgets.sql': SECOND,
    });
    const gate = new pg.Client({ connectionString: scratch.urls.businessOwner });
    await gate.connect();
    try {
      await gate.query('BEGIN; LOCK TABLE gate IN ACCESS EXCLUSIVE MODE');
      const first = migrate(root);
      await waitForBackends("wait_event_type = 'Lock' AND wait_event = 'relation'");
      const second = migrate(root);
      await waitForBackends("wait_event_type = 'Lock' AND wait_event = 'advisory'");
      await gate.query('COMMIT');
      const reports = await Promise.all([first, second]);
      expect(reports.map((report) => report.applied)).toEqual([['0001_create_widgets.sql', '0002_seed_widgets.sql'], []]);
    } finally {
      await gate.end();
    }
    expect((await history()).map((row) => row.name)).toEqual(['0001_create_widgets.sql', '0002_seed_widgets.sql']);
    expect(await asOwner(async (client) => (await client.query('SELECT count(*)::int AS n FROM widgets')).rows[0].n)).toBe(1);
  });

  it('keeps the migration history away from the runtime role', async () => {
    await migrate(await migrationsRoot({ '0001_create_widgets.sql': FIRST }));
    await asOwner(async (app) => {
      for (const statement of [
        'SELECT * FROM bsns_migrations',
        "INSERT INTO bsns_migrations (name, checksum) VALUES ('0002_forged.sql', 'x')",
        "UPDATE bsns_migrations SET checksum = 'x'",
        'DELETE FROM bsns_migrations',
        'TRUNCATE bsns_migrations',
      ]) {
        await expect(app.query(statement), statement).rejects.toThrow(/permission denied for table bsns_migrations/);
      }
      await expect(app.query('DROP TABLE bsns_migrations')).rejects.toThrow(/must be owner of table bsns_migrations/);
    }, scratch.urls.business);
    // The grant the runtime role does get on new tables still applies to ordinary ones.
    await asOwner((app) => app.query('SELECT * FROM widgets'), scratch.urls.business);
  });
});

describe('loadMigrations', () => {
  it.each(['0001-create-widgets.sql', 'V1__create_widgets.sql', '1_create_widgets.sql', '0001_CreateWidgets.sql', '00001_create_widgets.sql'])(
    'refuses the file name %s',
    async (name) => {
      const root = await migrationsRoot({ '0001_fine.sql': FIRST, [name]: SECOND });
      await expect(loadMigrations('business', root)).rejects.toThrow(new MigrationError(`Migration files must be named NNNN_snake_case.sql: ${name}`));
    },
  );

  it('reads only .sql files, sorted, with their checksums', async () => {
    const root = await migrationsRoot({ '0002_b.sql': SECOND, '0001_a.sql': FIRST, 'README.md': '# notes' });
    expect(await loadMigrations('business', root)).toEqual([
      { name: '0001_a.sql', sql: FIRST, checksum: sha256(FIRST) },
      { name: '0002_b.sql', sql: SECOND, checksum: sha256(SECOND) },
    ]);
  });
});

/** Waits (bounded) until a migration backend of the scratch database matches `condition`. */
async function waitForBackends(condition: string): Promise<void> {
  const database = scratch.layout.businessDatabase;
  await asOwner(async (client) => {
    for (let attempt = 0; attempt < 200; attempt++) {
      const { rowCount } = await client.query(
        `SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND application_name = 'bsns-migrate-business' AND ${condition}`,
        [database],
      );
      if (rowCount) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`no migration backend matched: ${condition}`);
  });
}
