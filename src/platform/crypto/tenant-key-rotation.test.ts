/**
 * A data-key rotation re-seals a tenant's rows in batches. Each batch must find its rows through
 * the primary key, starting where the previous one stopped: a batch that sorts or scans the
 * tenant's whole table makes a rotation of a big tenant quadratic (20,000 rows in batches of 500
 * read 40 × 20,000 rows). The statements the rotation really sent are EXPLAINed as the runtime
 * role, under the tenant, on a table analysed with the tenant's rows in it.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestTenant, openTestPlatform } from '../../../test/support/test-platform.js';
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

let platform: Platform;
let tenant: string;
const captured: TenantStatement[] = [];
const secrets = new Map<string, string>();

beforeAll(async () => {
  platform = await openTestPlatform({}, { onTenantStatement: (statement) => captured.push(statement) });
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
  // The planner must know the tenant has thousands of rows, as it would in production.
  const owner = new pg.Client({ connectionString: inject('testDatabases').urls.businessOwner });
  await owner.connect();
  try {
    await owner.query('ANALYZE webhook_endpoints');
  } finally {
    await owner.end();
  }
}, 60_000);
afterAll(() => platform.close());

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
 * Whether a plan reads the table only through its primary key, with no sort, and with `idCondition`
 * (e.g. `id >`) inside the index condition, not filtered out of a scan afterwards.
 */
function walksPrimaryKey(nodes: readonly PlanNode[], idCondition?: '>' | '='): boolean {
  const scans = nodes.filter((node) => node['Relation Name'] === COLUMN.table && node['Node Type'] !== 'ModifyTable');
  return (
    scans.length > 0 &&
    scans.every((node) => node['Node Type'] === 'Index Scan' && node['Index Name'] === 'webhook_endpoints_pkey' && (!idCondition || (node['Index Cond'] ?? '').includes(`(id ${idCondition} `))) &&
    !nodes.some((node) => node['Node Type'] === 'Sort' || node['Node Type'] === 'Incremental Sort')
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

  it('are told apart from the old batch, which sorted the whole tenant by id::text (the check can fail)', async () => {
    const old = `SELECT "id"::text AS id, "secret_sealed" AS sealed FROM "webhook_endpoints"
       WHERE "secret_sealed" IS NOT NULL AND split_part("secret_sealed", '.', 2) <> $1 AND "id"::text > $2 ORDER BY "id"::text LIMIT $3 FOR UPDATE`;
    expect(walksPrimaryKey(await planNodes(old, ['dk3', '', BATCH]), '>')).toBe(false);
    const oldUpdate = `UPDATE "webhook_endpoints" SET "secret_sealed" = $1 WHERE "id"::text = $2`;
    expect(walksPrimaryKey(await planNodes(oldUpdate, ['x', randomUUID()]), '=')).toBe(false);
  });
});
