/**
 * A data-key rotation re-seals a tenant's rows in batches. Each batch must find its rows through
 * the primary key, starting where the previous one stopped: a batch that reads the tenant's whole
 * table to skip what is done makes a rotation of a big tenant quadratic (20,000 rows in batches
 * of 500 read 40 × 20,000 rows). The statements the rotation really sent are EXPLAINed as the runtime
 * role, under the tenant, on databases of their own seeded at scale (2,000 other tenants) and
 * analysed: on a table of a few pages any planner rightly reads it whole, which proves nothing.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionScratchDatabases, type ScratchDatabases } from '../../../test/support/scratch-databases.js';
import { createTestTenant, openTestPlatform } from '../../../test/support/test-platform.js';
import { migrateDatabase } from '../migrations/index.js';
import type { Platform } from '../open-platform.js';
import type { TenantStatement } from '../tenancy/index.js';
import type { RotationProgress } from './tenant-key-admin.js';

const ROWS = 3000;
const BATCH = 200;
const COLUMN = { table: 'webhook_endpoints', column: 'secret_sealed', idColumn: 'id' } as const;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Plans?: PlanNode[];
}

const OTHER_TENANTS = 2000;
const ROWS_PER_OTHER_TENANT = 20;

let databases: ScratchDatabases;
let platform: Platform;
let tenant: string;
const captured: TenantStatement[] = [];
const secrets = new Map<string, string>();

beforeAll(async () => {
  databases = await provisionScratchDatabases();
  await migrateDatabase(databases.urls.identityOwner, 'identity');
  await migrateDatabase(databases.urls.businessOwner, 'business');
  const { urls } = databases;
  platform = await openTestPlatform(
    { IDENTITY_DATABASE_URL: urls.identity, IDENTITY_OWNER_DATABASE_URL: urls.identityOwner, BUSINESS_DATABASE_URL: urls.business, BUSINESS_OWNER_DATABASE_URL: urls.businessOwner },
    { onTenantStatement: (statement) => captured.push(statement) },
  );
  tenant = await createTestTenant(platform);
  await platform.businessDb.withTenant(tenant, async (tx) => {
    const ids: string[] = [];
    const sealed: string[] = [];
    for (let i = 0; i < ROWS; i++) {
      const id = randomUUID();
      const secret = `whsec-rotation-${i}`;
      secrets.set(id, secret);
      ids.push(id);
      sealed.push(await platform.tenantVault.seal(secret, { ...COLUMN, rowId: id }));
    }
    await tx.query(
      `INSERT INTO webhook_endpoints (tenant_id, id, url, secret_sealed)
       SELECT $1, id, 'https://hooks.example.test/' || id, secret FROM unnest($2::uuid[], $3::text[]) AS v(id, secret)`,
      [tenant, ids, sealed],
    );
  });
  // As the owner role (BYPASSRLS): the other tenants' rows in two statements, then statistics.
  const owner = new pg.Client({ connectionString: urls.businessOwner });
  await owner.connect();
  try {
    await owner.query(`INSERT INTO tenants (id, name) SELECT gen_random_uuid(), 'Tenant ' || n FROM generate_series(1, $1::int) AS n`, [OTHER_TENANTS]);
    await owner.query(
      `INSERT INTO webhook_endpoints (tenant_id, url, secret_sealed)
       SELECT t.id, 'https://hooks.example.test/' || n, 'v1.dk1.sealed' FROM tenants t CROSS JOIN generate_series(1, $1::int) AS n WHERE t.id <> $2`,
      [ROWS_PER_OTHER_TENANT, tenant],
    );
    await owner.query('ANALYZE');
  } finally {
    await owner.end();
  }
}, 120_000);
afterAll(async () => {
  await platform?.close();
  await databases?.drop();
});

/** The plan nodes of a statement as the tenant's own transaction would run it. */
async function planNodes(text: string, values: readonly unknown[] | undefined): Promise<PlanNode[]> {
  const plan = await platform.businessDb.withTenant(tenant, async (tx) => {
    const { rows } = await tx.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(`EXPLAIN (FORMAT JSON) ${text}`, values as unknown[] | undefined);
    return rows[0]!['QUERY PLAN'][0]!.Plan;
  });
  const nodes: PlanNode[] = [];
  const walk = (node: PlanNode) => {
    nodes.push(node);
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(plan);
  return nodes;
}

/**
 * Whether a plan finds the table's rows through its primary key, never by a sequential scan, and
 * with `idCondition` (`id >` for the keyset, `id =` for one row) inside the index condition: the
 * rows before the cursor are then never read again. A condition on `id::text` cannot be in the
 * index; it is filtered out of every row of the tenant, batch after batch.
 */
function walksPrimaryKey(nodes: readonly PlanNode[], idCondition?: '>' | '='): boolean {
  const onTable = nodes.filter((node) => node['Relation Name'] === COLUMN.table && node['Node Type'] !== 'ModifyTable');
  const throughKey = nodes.filter((node) => node['Index Name'] === 'webhook_endpoints_pkey');
  return (
    onTable.length > 0 &&
    !onTable.some((node) => node['Node Type'] === 'Seq Scan') &&
    throughKey.length > 0 &&
    throughKey.every((node) => (node['Index Cond'] ?? '').includes('tenant_id =') && (!idCondition || (node['Index Cond'] ?? '').includes(`(id ${idCondition} `)))
  );
}

describe('data-key rotation batches', { timeout: 120_000 }, () => {
  it('walk the primary key, one index-backed batch after another, and every value still opens', async () => {
    captured.length = 0;
    const progress: RotationProgress[] = [];
    const report = await platform.tenantKeys.rotateTenantDataKey(tenant, [COLUMN], { batchSize: BATCH, onProgress: (step) => progress.push(step) });
    expect(report).toEqual({ version: 2, resumed: false, resealed: ROWS, unreadable: 0 });
    // One line per batch, each further on, and a last one for the column.
    expect(progress.map((step) => step.resealed)).toEqual([...Array.from({ length: ROWS / BATCH }, (_, i) => (i + 1) * BATCH), ROWS]);
    expect(progress.every((step) => step.total === ROWS)).toBe(true);

    const mine = captured.filter((statement) => statement.tenantId === tenant && statement.text.includes(`"${COLUMN.table}"`));
    const firstBatch = mine.find((statement) => statement.text.includes('FOR UPDATE') && !statement.text.includes('> $3'));
    const laterBatch = mine.find((statement) => statement.text.includes('FOR UPDATE') && statement.text.includes('> $3'));
    const update = mine.find((statement) => statement.text.startsWith('UPDATE'));
    for (const [statement, idCondition] of [[firstBatch, undefined], [laterBatch, '>'], [update, '=']] as const) {
      expect(statement).toBeDefined();
      expect(walksPrimaryKey(await planNodes(statement!.text, statement!.values), idCondition), statement!.text).toBe(true);
    }

    await platform.businessDb.withTenant(tenant, async (tx) => {
      const { rows } = await tx.query<{ id: string; secret_sealed: string }>('SELECT id, secret_sealed FROM webhook_endpoints');
      expect(rows).toHaveLength(ROWS);
      for (const row of rows) {
        expect(row.secret_sealed.split('.')[1]).toBe('dk2');
        expect(await platform.tenantVault.open(row.secret_sealed, { ...COLUMN, rowId: row.id })).toEqual({ status: 'ok', value: secrets.get(row.id) });
      }
    });
  });

  it('are told apart from the old batch, which compared and sorted id::text (the check can fail)', async () => {
    const old = `SELECT "id"::text AS id, "secret_sealed" AS sealed FROM "webhook_endpoints"
       WHERE "secret_sealed" IS NOT NULL AND split_part("secret_sealed", '.', 2) <> $1 AND "id"::text > $2 ORDER BY "id"::text LIMIT $3 FOR UPDATE`;
    expect(walksPrimaryKey(await planNodes(old, ['dk3', '', BATCH]), '>')).toBe(false);
    const oldUpdate = `UPDATE "webhook_endpoints" SET "secret_sealed" = $1 WHERE "id"::text = $2`;
    expect(walksPrimaryKey(await planNodes(oldUpdate, ['x', randomUUID()]), '=')).toBe(false);
  });
});
