import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionScratchDatabases, type ScratchDatabases } from '../../../test/support/scratch-databases.js';
import { provisionDatabases } from './provision.js';

/** Provisioning creates exactly the privileges docs/operations/databases.md promises, and no more. */

let scratch: ScratchDatabases;

beforeAll(async () => {
  scratch = await provisionScratchDatabases();
});

afterAll(async () => {
  await scratch?.drop();
});

async function query<Row extends pg.QueryResultRow>(url: string, text: string, values?: unknown[]): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Row>(text, values)).rows;
  } finally {
    await client.end();
  }
}

interface RoleRow {
  rolname: string;
  rolsuper: boolean;
  rolbypassrls: boolean;
  rolcreatedb: boolean;
  rolcreaterole: boolean;
  rolreplication: boolean;
  rolcanlogin: boolean;
}

async function roleAttributes(): Promise<Record<string, Omit<RoleRow, 'rolname'>>> {
  const { layout } = scratch;
  const names = [layout.identityOwnerRole, layout.identityAppRole, layout.businessOwnerRole, layout.businessAppRole];
  const rows = await query<RoleRow>(
    scratch.adminUrl,
    `SELECT rolname, rolsuper, rolbypassrls, rolcreatedb, rolcreaterole, rolreplication, rolcanlogin
       FROM pg_roles WHERE rolname = ANY($1) ORDER BY rolname`,
    [names],
  );
  return Object.fromEntries(rows.map(({ rolname, ...attributes }) => [rolname, attributes]));
}

const LOGIN_ONLY = { rolsuper: false, rolcreatedb: false, rolcreaterole: false, rolreplication: false, rolcanlogin: true };

describe('provisionDatabases', () => {
  it('gives each role only what its job needs', async () => {
    const { layout } = scratch;
    expect(await roleAttributes()).toEqual({
      [layout.businessAppRole]: { ...LOGIN_ONLY, rolbypassrls: false },
      // The owner backs the audited cross-tenant client, so it alone may bypass RLS.
      [layout.businessOwnerRole]: { ...LOGIN_ONLY, rolbypassrls: true },
      [layout.identityAppRole]: { ...LOGIN_ONLY, rolbypassrls: false },
      [layout.identityOwnerRole]: { ...LOGIN_ONLY, rolbypassrls: false },
    });
  });

  it('makes each owner role own its database and its public schema', async () => {
    const { layout } = scratch;
    const rows = await query<{ datname: string; owner: string }>(
      scratch.adminUrl,
      'SELECT datname, pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = ANY($1) ORDER BY datname',
      [[layout.identityDatabase, layout.businessDatabase]],
    );
    expect(rows).toEqual([
      { datname: layout.businessDatabase, owner: layout.businessOwnerRole },
      { datname: layout.identityDatabase, owner: layout.identityOwnerRole },
    ]);
    const schemaOwner = await query<{ owner: string }>(scratch.urls.businessOwner, "SELECT pg_get_userbyid(nspowner) AS owner FROM pg_namespace WHERE nspname = 'public'");
    expect(schemaOwner).toEqual([{ owner: layout.businessOwnerRole }]);
  });

  it('grants PUBLIC no CONNECT on either database', async () => {
    const { layout } = scratch;
    const publicConnect = await query<{ datname: string }>(
      scratch.adminUrl,
      `SELECT d.datname FROM pg_database d, aclexplode(coalesce(d.datacl, acldefault('d', d.datdba))) acl
        WHERE d.datname = ANY($1) AND acl.grantee = 0 AND acl.privilege_type = 'CONNECT'`,
      [[layout.identityDatabase, layout.businessDatabase]],
    );
    expect(publicConnect).toEqual([]);

    // And in practice: some other login role on the same server is turned away from both.
    const stranger = `bsns_stranger_${randomBytes(4).toString('hex')}`;
    const password = randomBytes(12).toString('hex');
    await query(scratch.adminUrl, `CREATE ROLE ${stranger} LOGIN PASSWORD '${password}'`);
    try {
      for (const database of [layout.identityDatabase, layout.businessDatabase]) {
        const url = new URL(scratch.adminUrl);
        url.username = stranger;
        url.password = password;
        url.pathname = `/${database}`;
        await expect(query(url.toString(), 'SELECT 1')).rejects.toThrow(/permission denied for database/);
      }
    } finally {
      await query(scratch.adminUrl, `DROP ROLE ${stranger}`);
    }
  });

  it('lets the runtime roles use the schema but not create in it', async () => {
    for (const url of [scratch.urls.business, scratch.urls.identity]) {
      await expect(query(url, 'CREATE TABLE planted (id int)')).rejects.toThrow(/permission denied for schema public/);
      await expect(query(url, 'CREATE FUNCTION planted() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$')).rejects.toThrow(
        /permission denied for schema public/,
      );
    }
    await query(scratch.urls.businessOwner, 'CREATE TABLE IF NOT EXISTS owner_table (id int)');
    // Default privileges hand the owner's new tables to the runtime role for DML.
    await expect(query(scratch.urls.business, 'SELECT * FROM owner_table')).resolves.toEqual([]);
  });

  it('is idempotent, and a second run repairs drifted attributes while keeping data', async () => {
    const { layout } = scratch;
    await query(scratch.urls.businessOwner, 'CREATE TABLE IF NOT EXISTS kept (id int); INSERT INTO kept VALUES (42)');
    await query(scratch.adminUrl, `ALTER ROLE ${layout.businessAppRole} BYPASSRLS CREATEDB; GRANT CONNECT ON DATABASE ${layout.businessDatabase} TO PUBLIC`);
    const before = await roleAttributes();

    const again = await provisionDatabases({ adminUrl: scratch.adminUrl, layout, passwords: scratch.passwords });
    expect(again.urls).toEqual(scratch.urls);
    await provisionDatabases({ adminUrl: scratch.adminUrl, layout, passwords: scratch.passwords });

    expect(before[layout.businessAppRole]).toMatchObject({ rolbypassrls: true, rolcreatedb: true });
    expect((await roleAttributes())[layout.businessAppRole]).toEqual({ ...LOGIN_ONLY, rolbypassrls: false });
    await expect(query(scratch.urls.business, 'SELECT id FROM kept')).resolves.toEqual([{ id: 42 }]);
    const publicConnect = await query(
      scratch.adminUrl,
      `SELECT 1 FROM pg_database d, aclexplode(d.datacl) acl WHERE d.datname = $1 AND acl.grantee = 0`,
      [layout.businessDatabase],
    );
    expect(publicConnect).toEqual([]);
  });
  it('sets statement_timeout on the runtime roles only, so one slow query cannot hold a connection for ever', async () => {
    const shown = async (url: string) => ((await query(url, 'SHOW statement_timeout')) as Array<{ statement_timeout: string }>)[0]!.statement_timeout;
    expect(await shown(scratch.urls.business)).toBe('15s');
    expect(await shown(scratch.urls.identity)).toBe('15s');
    expect(await shown(scratch.urls.businessOwner)).toBe('0');
    await provisionDatabases({ adminUrl: scratch.adminUrl, layout: scratch.layout, passwords: scratch.passwords, statementTimeoutMs: 2500 });
    expect(await shown(scratch.urls.business)).toBe('2500ms');
  });
});
