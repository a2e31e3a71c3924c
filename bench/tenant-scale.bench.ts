import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import pg from 'pg';
import { z } from 'zod';
import { LABEL_COLUMNS, toLabel, type LabelRow } from '../src/apps/records/labels/label-row.js';
import { labelSchema } from '../src/apps/records/labels/labels.types.js';
import { createLogger } from '../src/platform/logging/logger.js';
import { openPlatform, type Platform } from '../src/platform/open-platform.js';
import { currentTenantTransaction } from '../src/platform/tenancy/index.js';
import type { BenchContext, Benchmark, BenchmarkResult, RatioResult, TargetResult } from './support/benchmark.js';
import { BENCH_TENANT_HEADER, benchResolvers } from './support/bench-resolvers.js';
import { benchConfig, benchSuite, listen } from './support/bench-suite.js';
import { openCpuProbe } from './support/cpu-probe.js';
import type { LoadTarget } from './support/drive-load.js';
import { measureTargets } from './support/measure-targets.js';

const TOTAL_LABELS = 1_000_000;
const TENANT_COUNTS = [10, 1_000, 10_000] as const;
/** Requests cycle through this many (tenant, label) pairs per size: a spread of tenants, not one hot row. */
const SAMPLE = 200;
const TARGET_RATIO = 0.8;
const LIST_PATH = '/api/v1/records/labels';
/** Added to the suite for this run only: one label by id, through withTenant({ readOnly }) under RLS. */
const READ_PATH = '/bench/labels/';

/**
 * How the cost of a tenant's request moves as the business database fills with other tenants:
 * 1,000,000 labels in all, spread over 10, 1,000 and 10,000 tenants (100,000, 1,000 and 100 each).
 * `read` fetches one label by id, `list` is the real labels list (up to 1,000 rows). Each size is
 * seeded fresh with generate_series as the owner role, analysed, and measured on its own.
 */
export const tenantScaleBenchmark: Benchmark = {
  name: 'tenant-scale',
  description: `GET one label and ${LIST_PATH} with 1,000,000 labels over 10, 1,000 and 10,000 tenants`,
  async run(context: BenchContext): Promise<BenchmarkResult> {
    const logger = createLogger('silent');
    const platform = await openPlatform(benchConfig(context), logger);
    const owner = new pg.Client({ connectionString: context.databases.urls.businessOwner, application_name: 'bsns-bench-seed' });
    await owner.connect();
    let suite: FastifyInstance | undefined;
    try {
      suite = (await benchSuite(platform, benchResolvers)).app;
      addReadRoute(suite, platform);
      const url = await listen(suite);
      const results: TargetResult[] = [];
      for (const tenants of TENANT_COUNTS) {
        const started = performance.now();
        const sample = await seed(owner, tenants);
        context.log(`  seeded ${tenants} tenants × ${TOTAL_LABELS / tenants} labels in ${((performance.now() - started) / 1000).toFixed(1)} s`);
        const targets: LoadTarget[] = [
          {
            name: `read@${tenants}`,
            description: `one label by id, ${tenants} tenants`,
            url,
            requests: sample.map(({ tenantId, labelId }) => ({ method: 'GET', path: `${READ_PATH}${labelId}`, headers: { [BENCH_TENANT_HEADER]: tenantId } })),
          },
          {
            name: `list@${tenants}`,
            description: `${LIST_PATH}, ${Math.min(1000, TOTAL_LABELS / tenants)} rows per answer, ${tenants} tenants`,
            url,
            requests: sample.map(({ tenantId }) => ({ method: 'GET', path: LIST_PATH, headers: { [BENCH_TENANT_HEADER]: tenantId } })),
          },
        ];
        const cpu = await openCpuProbe(context.databases.adminUrl, context.databases.businessDatabase);
        results.push(...(await measureTargets(targets, { load: context.load, log: context.log, cpu }).finally(() => cpu.close())));
      }
      const find = (name: string) => results.find((result) => result.name === name)!;
      const [smallest, largest] = [TENANT_COUNTS[0], TENANT_COUNTS[TENANT_COUNTS.length - 1]];
      const headline = ratio(`read at ${largest} vs ${smallest} tenants`, find(`read@${largest}`), find(`read@${smallest}`), TARGET_RATIO);
      return {
        name: this.name,
        description: this.description,
        dataSet: `${TOTAL_LABELS.toLocaleString('en')} labels over ${TENANT_COUNTS.join(' / ')} tenants; requests cycle through ${SAMPLE} tenants' labels`,
        targets: results,
        ratios: [
          headline,
          ratio(`read at 1000 vs ${smallest} tenants`, find('read@1000'), find(`read@${smallest}`), null),
          ratio(`list at ${largest} vs ${smallest} tenants (100 vs 1,000 rows per answer)`, find(`list@${largest}`), find(`list@${smallest}`), null),
          ratio(`list at 1000 vs ${smallest} tenants (both 1,000 rows per answer)`, find('list@1000'), find(`list@${smallest}`), null),
        ],
        verdict: headline.verdict!,
      };
    } finally {
      await suite?.close();
      await owner.end();
      await platform.close();
    }
  },
};

function ratio(label: string, numerator: TargetResult, denominator: TargetResult, target: number | null): RatioResult {
  const value = numerator.medianRequestsPerSecond / denominator.medianRequestsPerSecond;
  return { label, numerator: numerator.name, denominator: denominator.name, value, target, verdict: target === null ? null : value >= target ? 'PASS' : 'BELOW TARGET' };
}

/** Replaces every tenant and label with `tenants` tenants sharing TOTAL_LABELS labels, as the owner role, in three statements. */
async function seed(owner: pg.Client, tenants: number): Promise<{ tenantId: string; labelId: string }[]> {
  await owner.query('TRUNCATE tenants CASCADE');
  await owner.query(`INSERT INTO tenants (id, name) SELECT gen_random_uuid(), 'Bench tenant ' || n FROM generate_series(1, $1::int) AS n`, [tenants]);
  await owner.query(
    `INSERT INTO labels (tenant_id, name) SELECT t.id, 'label ' || lpad(n::text, 6, '0') FROM tenants t CROSS JOIN generate_series(1, $1::int) AS n`,
    [TOTAL_LABELS / tenants],
  );
  await owner.query('VACUUM ANALYZE tenants');
  await owner.query('VACUUM ANALYZE labels');
  const { rows } = await owner.query<{ tenant_id: string; id: string }>(
    `SELECT tenant_id, id FROM (SELECT tenant_id, id, row_number() OVER (ORDER BY random()) AS pick FROM labels TABLESAMPLE SYSTEM (1)) AS picked WHERE pick <= $1`,
    [SAMPLE],
  );
  return rows.map((row) => ({ tenantId: row.tenant_id, labelId: row.id }));
}

async function readLabel(id: string) {
  const { rows } = await currentTenantTransaction().query<LabelRow>(`SELECT ${LABEL_COLUMNS} FROM labels WHERE id = $1`, [id]);
  return rows[0] ? toLabel(rows[0]) : null;
}

function addReadRoute(suite: FastifyInstance, platform: Platform): void {
  suite.withTypeProvider<ZodTypeProvider>().get(`${READ_PATH}:id`, {
    config: { auth: 'session+mfa' },
    schema: { hide: true, params: z.object({ id: z.uuid() }), response: { 200: labelSchema } },
    handler: async (request) => {
      const label = await platform.businessDb.withTenant(request.principal!.tenantId!, () => readLabel(request.params.id), { readOnly: true });
      if (!label) throw new Error(`bench label ${request.params.id} is missing`); // a 500 aborts the run: it would measure an error path
      return label;
    },
  });
}
