import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Platform } from '../open-platform.js';
import { BusinessDb } from './business-db.js';
import { createTestTenant, openTestPlatform } from '../../../test/support/test-platform.js';

let platform: Platform;
let tenant: string;
let pool: pg.Pool;
let db: BusinessDb;
/** ReadyForQuery messages seen on the pool's connections: one per round trip that ends in a Sync or a simple query. */
let roundTrips = 0;

beforeAll(async () => {
  platform = await openTestPlatform();
  tenant = await createTestTenant(platform);
  pool = new pg.Pool({ connectionString: inject('testDatabases').urls.business, max: 1 });
  pool.on('connect', (client) => {
    (client as unknown as { connection: NodeJS.EventEmitter }).connection.on('readyForQuery', () => (roundTrips += 1));
  });
  db = new BusinessDb(pool);
  await db.withTenant(tenant, (tx) => tx.query("INSERT INTO labels (tenant_id, name) VALUES ($1, 'counted')", [tenant]));
});

afterAll(async () => {
  await pool.end();
  await platform.close();
});

async function countRoundTrips(unit: () => Promise<unknown>): Promise<number> {
  const before = roundTrips;
  await unit();
  return roundTrips - before;
}

describe('round trips of a tenant unit', () => {
  it('a read-only unit of one statement costs one', async () => {
    const trips = await countRoundTrips(() => db.withTenant(tenant, (tx) => tx.query('SELECT name FROM labels'), { readOnly: true }));
    expect(trips).toBe(1);
  });

  it('a read-write unit of one statement costs two: BEGIN, setting and statement together, then COMMIT', async () => {
    const trips = await countRoundTrips(() => db.withTenant(tenant, (tx) => tx.query("UPDATE labels SET color = '#000000' WHERE name = 'counted'")));
    expect(trips).toBe(2);
  });

  it('a unit that never queries costs none', async () => {
    expect(await countRoundTrips(() => db.withTenant(tenant, async () => 'nothing'))).toBe(0);
  });
});

describe('a read-only unit', () => {
  it('sees its tenant in every statement and nothing after it', async () => {
    const seen = await db.withTenant(
      tenant,
      async (tx) => {
        const first = await tx.query<{ tenant: string }>("SELECT current_setting('app.tenant_id') AS tenant");
        const second = await tx.query<{ name: string }>('SELECT name FROM labels');
        return { tenant: first.rows[0]!.tenant, names: second.rows.map((row) => row.name) };
      },
      { readOnly: true },
    );
    expect(seen).toEqual({ tenant, names: ['counted'] });
    const leftover = await pool.query<{ tenant: string | null }>("SELECT current_setting('app.tenant_id', true) AS tenant");
    expect(leftover.rows[0]!.tenant ?? '').toBe('');
  });

  it('is refused every write by PostgreSQL itself', async () => {
    const writes = [
      "INSERT INTO labels (tenant_id, name) VALUES ($1, 'sneaky')",
      "WITH moved AS (UPDATE labels SET name = 'renamed' WHERE tenant_id = $1 RETURNING 1) SELECT count(*) FROM moved",
      'SELECT id FROM labels WHERE tenant_id = $1 FOR UPDATE',
    ];
    for (const sql of writes) {
      await expect(db.withTenant(tenant, (tx) => tx.query(sql, [tenant]), { readOnly: true }), sql).rejects.toMatchObject({ code: '25006' });
    }
    const names = await db.withTenant(tenant, async (tx) => (await tx.query<{ name: string }>('SELECT name FROM labels')).rows.map((row) => row.name));
    expect(names).toEqual(['counted']);
  });

  it('cannot host a read-write unit', async () => {
    await expect(db.withTenant(tenant, () => db.withTenant(tenant, async () => 'write'), { readOnly: true })).rejects.toMatchObject({ code: 'tenant.read_only' });
  });
});

describe('a read-write unit', () => {
  it('is one transaction from its first statement to COMMIT', async () => {
    const result = await db.withTenant(tenant, async (tx) => {
      const first = await tx.query<{ xid: string }>('SELECT txid_current()::text AS xid');
      const second = await tx.query<{ xid: string }>('SELECT txid_current()::text AS xid');
      return [first.rows[0]!.xid, second.rows[0]!.xid];
    });
    expect(result[0]).toBe(result[1]);
  });

  it('keeps statements issued together in order behind its BEGIN', async () => {
    const results = await db.withTenant(tenant, (tx) =>
      Promise.all([1, 2, 3].map(() => tx.query<{ xid: string; tenant: string }>("SELECT txid_current()::text AS xid, current_setting('app.tenant_id') AS tenant"))),
    );
    expect(new Set(results.map((result) => result.rows[0]!.xid)).size).toBe(1);
    expect(results.every((result) => result.rows[0]!.tenant === tenant)).toBe(true);
  });

  it('rolls back when its first statement fails, leaving the connection clean', async () => {
    await expect(db.withTenant(tenant, (tx) => tx.query('SELECT 1 / 0'))).rejects.toThrow(/division by zero/);
    const status = await pool.query<{ tenant: string | null }>("SELECT current_setting('app.tenant_id', true) AS tenant");
    expect(status.rows[0]!.tenant ?? '').toBe('');
  });
});
