/**
 * The attack: a handler forgets its tenant filter, a request smuggles another tenant's id into
 * a write, or a pooled connection carries one tenant's context into the next request. Each must
 * fail closed in the database itself, as the runtime role, whatever the application code does.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Platform } from '../open-platform.js';
import { BusinessDb } from './business-db.js';
import { createTestTenant, openTestPlatform } from '../../../test/support/test-platform.js';

let platform: Platform;
let tenantA: string;
let tenantB: string;
let labelOfB: string;
const rawPools: pg.Pool[] = [];

function runtimePool(max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: inject('testDatabases').urls.business, max });
  rawPools.push(pool);
  return pool;
}

beforeAll(async () => {
  platform = await openTestPlatform();
  tenantA = await createTestTenant(platform);
  tenantB = await createTestTenant(platform);
  await platform.businessDb.withTenant(tenantA, (tx) => tx.query("INSERT INTO labels (tenant_id, name) VALUES ($1, 'a-only')", [tenantA]));
  labelOfB = await platform.businessDb.withTenant(tenantB, async (tx) => {
    const { rows } = await tx.query<{ id: string }>("INSERT INTO labels (tenant_id, name) VALUES ($1, 'b-only') RETURNING id", [tenantB]);
    return rows[0]!.id;
  });
});

afterAll(async () => {
  await Promise.all(rawPools.map((pool) => pool.end()));
  await platform.close();
});

describe('without tenant context', () => {
  it('sees zero rows in every tenant table', async () => {
    const pool = runtimePool(1);
    for (const table of ['tenants', 'labels']) {
      const { rows } = await pool.query(`SELECT * FROM ${table}`);
      expect(rows, table).toHaveLength(0);
    }
  });

  it('sees zero rows when the setting is empty rather than unset', async () => {
    const client = await runtimePool(1).connect();
    try {
      await client.query('BEGIN');
      await client.query("SELECT set_config('app.tenant_id', '', true)");
      expect((await client.query('SELECT * FROM labels')).rows).toHaveLength(0);
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
  });

  it('cannot write', async () => {
    await expect(runtimePool(1).query("INSERT INTO labels (tenant_id, name) VALUES ($1, 'orphan')", [tenantA])).rejects.toThrow(/row-level security/);
  });
});

describe('inside tenant A', () => {
  it("sees only A's rows", async () => {
    const names = await platform.businessDb.withTenant(tenantA, async (tx) => (await tx.query<{ name: string }>('SELECT name FROM labels')).rows.map((row) => row.name));
    expect(names).toEqual(['a-only']);
  });

  it("cannot write a row carrying B's tenant id", async () => {
    await expect(
      platform.businessDb.withTenant(tenantA, (tx) => tx.query("INSERT INTO labels (tenant_id, name) VALUES ($1, 'smuggled')", [tenantB])),
    ).rejects.toThrow(/row-level security/);
  });

  it("cannot move one of its rows into B", async () => {
    const moved = await platform.businessDb.withTenant(tenantA, async (tx) =>
      tx.query('UPDATE labels SET tenant_id = $1 WHERE name = $2', [tenantB, 'a-only']).then(
        () => 'moved',
        (error: Error) => error.message,
      ),
    );
    expect(moved).toMatch(/row-level security/);
  });

  it("cannot point a foreign key at B's row", async () => {
    await expect(
      platform.businessDb.withTenant(tenantA, (tx) =>
        tx.query("INSERT INTO labels (tenant_id, name, parent_id) VALUES ($1, 'child', $2)", [tenantA, labelOfB]),
      ),
    ).rejects.toMatchObject({ constraint: 'labels_tenant_id_parent_id_fkey' });
  });

  it("cannot update or delete B's rows, even by primary key", async () => {
    const counts = await platform.businessDb.withTenant(tenantA, async (tx) => ({
      updated: (await tx.query("UPDATE labels SET name = 'pwned' WHERE id = $1", [labelOfB])).rowCount,
      deleted: (await tx.query('DELETE FROM labels WHERE id = $1', [labelOfB])).rowCount,
    }));
    expect(counts).toEqual({ updated: 0, deleted: 0 });
  });
});

describe('pooled connections', () => {
  it('never leak context across hundreds of concurrent transactions on a small pool', async () => {
    const db = new BusinessDb(runtimePool(3));
    const rounds = 300;
    const results = await Promise.all(
      Array.from({ length: rounds }, async (_, index) => {
        const tenant = index % 2 === 0 ? tenantA : tenantB;
        return db.withTenant(tenant, async (tx) => {
          const before = await tx.query<{ tenant: string }>("SELECT current_setting('app.tenant_id') AS tenant");
          await new Promise((resolve) => setImmediate(resolve)); // interleave with the other transactions
          const rows = await tx.query<{ tenant_id: string }>('SELECT tenant_id FROM labels');
          return { tenant, seen: before.rows[0]!.tenant, rowTenants: rows.rows.map((row) => row.tenant_id) };
        });
      }),
    );
    for (const result of results) {
      expect(result.seen).toBe(result.tenant);
      expect(result.rowTenants.every((tenant) => tenant === result.tenant)).toBe(true);
    }
  });

  it('never leak context when read-only one-round-trip units and read-write units share a small pool', async () => {
    const db = new BusinessDb(runtimePool(3));
    const results = await Promise.all(
      Array.from({ length: 300 }, async (_, index) => {
        const tenant = index % 2 === 0 ? tenantA : tenantB;
        const readOnly = index % 3 !== 0;
        return db.withTenant(
          tenant,
          async (tx) => {
            const before = await tx.query<{ tenant: string }>("SELECT current_setting('app.tenant_id') AS tenant");
            await new Promise((resolve) => setImmediate(resolve));
            const rows = await tx.query<{ tenant_id: string }>('SELECT tenant_id FROM labels');
            return { tenant, seen: before.rows[0]!.tenant, rowTenants: rows.rows.map((row) => row.tenant_id) };
          },
          { readOnly },
        );
      }),
    );
    for (const result of results) {
      expect(result.seen).toBe(result.tenant);
      expect(result.rowTenants.length).toBeGreaterThan(0);
      expect(result.rowTenants.every((tenant) => tenant === result.tenant)).toBe(true);
    }
  });

  it('roll back on an error mid-transaction and hand the next user no tenant', async () => {
    const pool = runtimePool(1);
    const db = new BusinessDb(pool);
    const name = `rolled-back-${randomUUID()}`;
    await expect(
      db.withTenant(tenantA, async (tx) => {
        await tx.query('INSERT INTO labels (tenant_id, name) VALUES ($1, $2)', [tenantA, name]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const leftover = await pool.query<{ tenant: string | null }>("SELECT current_setting('app.tenant_id', true) AS tenant");
    expect(leftover.rows[0]!.tenant ?? '').toBe('');
    const count = await db.withTenant(tenantA, (tx) => tx.query('SELECT 1 FROM labels WHERE name = $1', [name]));
    expect(count.rowCount).toBe(0);
  });

  it('hand the next user no tenant after a successful commit either', async () => {
    const pool = runtimePool(1);
    await new BusinessDb(pool).withTenant(tenantB, (tx) => tx.query('SELECT 1'));
    const leftover = await pool.query<{ tenant: string | null }>("SELECT current_setting('app.tenant_id', true) AS tenant");
    expect(leftover.rows[0]!.tenant ?? '').toBe('');
  });
});

describe('the runtime role', () => {
  it('is not superuser, cannot bypass RLS and owns nothing', async () => {
    const pool = runtimePool(1);
    const { rows } = await pool.query<{ rolsuper: boolean; rolbypassrls: boolean; owned: string }>(`
      SELECT r.rolsuper, r.rolbypassrls,
        (SELECT count(*) FROM pg_class c WHERE c.relowner = r.oid)::text AS owned
      FROM pg_roles r WHERE r.rolname = current_user`);
    expect(rows[0]).toEqual({ rolsuper: false, rolbypassrls: false, owned: '0' });
  });

  it('cannot switch RLS off for itself', async () => {
    await expect(runtimePool(1).query('ALTER TABLE labels DISABLE ROW LEVEL SECURITY')).rejects.toThrow(/must be owner/);
  });
});

describe('database separation', () => {
  it('keeps the business role out of the identity database and the identity role out of business', async () => {
    const { urls } = inject('testDatabases');
    const crossed = [
      { as: urls.business, into: new URL(urls.identity).pathname },
      { as: urls.identity, into: new URL(urls.business).pathname },
    ];
    for (const { as, into } of crossed) {
      const url = new URL(as);
      url.pathname = into;
      const client = new pg.Client({ connectionString: url.toString() });
      await expect(client.connect()).rejects.toThrow(/permission denied for database/);
      await client.end().catch(() => undefined);
    }
  });
});
