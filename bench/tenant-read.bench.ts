import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type pg from 'pg';
import { labelListSchema } from '../src/apps/records/labels/labels.types.js';
import { createPool } from '../src/platform/db/index.js';
import { createLogger } from '../src/platform/logging/logger.js';
import { openPlatform, type Platform } from '../src/platform/open-platform.js';
import type { BenchContext, Benchmark, BenchmarkResult, RatioResult, TargetResult } from './support/benchmark.js';
import { BENCH_TENANT_HEADER, benchResolvers } from './support/bench-resolvers.js';
import { benchConfig, benchSuite, listen } from './support/bench-suite.js';
import { openCpuProbe } from './support/cpu-probe.js';
import type { LoadTarget } from './support/drive-load.js';
import { measureTargets } from './support/measure-targets.js';
import { pgbouncerBinary, startPgBouncer, type PgBouncer } from '../test/support/pgbouncer-process.js';

const TENANTS = 2;
const LABELS_PER_TENANT = 50;
const TARGET_RATIO = 0.85;
const LABELS_PATH = '/api/v1/records/labels';
/** Added to the suite for this run only: its HTTP stack in front of the plain query. */
const PLAIN_PATH = '/bench/labels-plain';
const PLAIN_QUERY = 'SELECT id, name, color, parent_id, created_at FROM labels WHERE tenant_id = $1 ORDER BY name LIMIT 51';

interface PlainLabelRow {
  id: string;
  name: string;
  color: string;
  parent_id: string | null;
  created_at: Date;
}

/**
 * The price of tenancy on a read. `suite` is the real thing: posture hook, principal,
 * `withTenant(…, { readOnly: true })` (the tenant setting and the query in one round trip) under RLS as the runtime role.
 * `baseline` is the same query as a superuser on a plain pool with a hand-written
 * `WHERE tenant_id = $1`, no transaction, behind a bare Fastify route. `suite-plain` puts that
 * plain query behind the suite's own HTTP stack, splitting the gap into HTTP and tenancy shares.
 * Same process, same data, same pool size, same load.
 */
export const tenantReadBenchmark: Benchmark = {
  name: 'tenant-read',
  description: `GET ${LABELS_PATH}: the suite under RLS vs a plain superuser pool`,
  async run(context: BenchContext): Promise<BenchmarkResult> {
    const logger = createLogger('silent');
    const { adminUrl, businessDatabase } = context.databases;
    const platform = await openPlatform(benchConfig(context), logger);
    const plainPool = createPool(superuserUrl(adminUrl, businessDatabase), { max: context.poolMax, applicationName: 'bsns-bench-plain' });
    const servers: FastifyInstance[] = [];
    let bouncer: PgBouncer | null = null;
    let bouncedPlatform: Platform | null = null;
    try {
      const tenants = await seedTenants(platform);
      const suite = (await benchSuite(platform, benchResolvers)).app;
      addPlainRouteToSuite(suite, plainPool);
      const baseline = buildBaselineServer(plainPool, logger);
      servers.push(suite, baseline);
      const suiteUrl = await listen(suite);
      // The same suite with its business pool through a local PgBouncer in transaction mode.
      let bouncedUrl: string | null = null;
      if (pgbouncerBinary()) {
        const urls = context.databases.urls;
        bouncer = await startPgBouncer({ logins: [urls.business], poolSize: context.poolMax });
        const config = benchConfig(context);
        bouncedPlatform = await openPlatform({ ...config, database: { mode: 'external', urls: { ...urls, business: bouncer.through(urls.business) } } }, logger);
        const bounced = (await benchSuite(bouncedPlatform, benchResolvers)).app;
        servers.push(bounced);
        bouncedUrl = await listen(bounced);
      } else {
        context.log('tenant-read: pgbouncer is not installed, so the suite-pgbouncer target is left out');
      }
      const target = (name: string, description: string, url: string, route: string): LoadTarget => ({
        name,
        description,
        url,
        requests: tenants.map((tenantId) => ({ method: 'GET', path: route, headers: { [BENCH_TENANT_HEADER]: tenantId } })),
      });
      const targets = [
        target('suite', `buildSuite, ${LABELS_PATH}: posture hook, withTenant, RLS as the runtime role`, suiteUrl, LABELS_PATH),
        target('suite-plain', 'the same suite server and hooks, but the plain superuser query (no transaction, no RLS)', suiteUrl, PLAIN_PATH),
        target('baseline', 'bare Fastify route, superuser pool, no transaction, no RLS, WHERE tenant_id = $1', await listen(baseline), LABELS_PATH),
        ...(bouncedUrl ? [target('suite-pgbouncer', 'the suite, its business pool through a local PgBouncer (transaction pooling)', bouncedUrl, LABELS_PATH)] : []),
      ];
      await assertSameAnswers(targets, tenants);

      const cpu = await openCpuProbe(adminUrl, businessDatabase);
      const [suiteResult, suitePlainResult, baselineResult, bouncedResult] = await measureTargets(targets, { load: context.load, log: context.log, cpu }).finally(() => cpu.close());
      const headline = ratio('suite vs bare route: the whole price', suiteResult!, baselineResult!, TARGET_RATIO);
      return {
        name: this.name,
        description: this.description,
        dataSet: `${TENANTS} tenants × ${LABELS_PER_TENANT} labels; requests alternate between the tenants`,
        targets: [suiteResult!, suitePlainResult!, baselineResult!, ...(bouncedResult ? [bouncedResult] : [])],
        ratios: [
          headline,
          ratio('tenancy share: withTenant + RLS', suiteResult!, suitePlainResult!, null),
          ratio('HTTP share: the suite stack', suitePlainResult!, baselineResult!, null),
          ...(bouncedResult ? [ratio('through PgBouncer vs direct', bouncedResult, suiteResult!, null)] : []),
        ],
        verdict: headline.verdict!,
      };
    } finally {
      await Promise.allSettled(servers.map((server) => server.close()));
      await plainPool.end();
      await bouncedPlatform?.close();
      await bouncer?.stop();
      await platform.close();
    }
  },
};

function ratio(label: string, numerator: TargetResult, denominator: TargetResult, target: number | null): RatioResult {
  const value = numerator.medianRequestsPerSecond / denominator.medianRequestsPerSecond;
  return {
    label,
    numerator: numerator.name,
    denominator: denominator.name,
    value,
    target,
    verdict: target === null ? null : value >= target ? 'PASS' : 'BELOW TARGET',
  };
}

/** Tenants and labels are written the only way the runtime role can: inside withTenant. */
async function seedTenants(platform: Platform): Promise<string[]> {
  const tenants: string[] = [];
  for (let index = 1; index <= TENANTS; index++) {
    const tenantId = randomUUID();
    await platform.businessDb.withTenant(tenantId, async (tx) => {
      await tx.query('INSERT INTO tenants (id, name) VALUES ($1, $2)', [tenantId, `Bench tenant ${index}`]);
      await tx.query(
        `INSERT INTO labels (tenant_id, name) SELECT $1, 'label ' || lpad(n::text, 3, '0') FROM generate_series(1, $2::int) AS n`,
        [tenantId, LABELS_PER_TENANT],
      );
    });
    tenants.push(tenantId);
  }
  return tenants;
}

/** What an app without the kernel would write: its own tenant filter, on a pool that RLS never binds. */
async function queryPlainLabels(pool: pg.Pool, tenantId: string) {
  const { rows } = await pool.query<PlainLabelRow>(PLAIN_QUERY, [tenantId]);
  // The same first page the paged API answers (50 labels fit on it, so no cursor).
  return {
    items: rows.slice(0, 50).map((row) => ({ id: row.id, name: row.name, color: row.color, parentId: row.parent_id, createdAt: row.created_at.toISOString() })),
    nextCursor: rows.length > 50 ? 'unused' : null,
    prevCursor: null,
  };
}

function addPlainRouteToSuite(suite: FastifyInstance, pool: pg.Pool): void {
  suite.withTypeProvider<ZodTypeProvider>().get(PLAIN_PATH, {
    config: { auth: 'session+mfa' },
    schema: { hide: true, response: { 200: labelListSchema } },
    handler: async (request) => queryPlainLabels(pool, request.principal!.tenantId!),
  });
}

function buildBaselineServer(pool: pg.Pool, logger: FastifyBaseLogger): FastifyInstance {
  const app = Fastify({ loggerInstance: logger });
  app.get(LABELS_PATH, async (request, reply) => {
    const tenantId = request.headers[BENCH_TENANT_HEADER];
    if (typeof tenantId !== 'string') return reply.status(401).send();
    return queryPlainLabels(pool, tenantId);
  });
  return app;
}

/** Targets that answer differently would compare different work; check before measuring. */
async function assertSameAnswers(targets: readonly LoadTarget[], tenants: readonly string[]): Promise<void> {
  for (const tenantId of tenants) {
    const answers = await Promise.all(
      targets.map(async (target) => {
        const request = target.requests.find((candidate) => candidate.headers[BENCH_TENANT_HEADER] === tenantId)!;
        const response = await fetch(`${target.url}${request.path}`, { headers: request.headers });
        if (response.status !== 200) throw new Error(`${target.name} answered ${response.status} for tenant ${tenantId}`);
        return (await response.json()) as { items: unknown[] };
      }),
    );
    const [first, ...others] = answers;
    if (first!.items.length !== LABELS_PER_TENANT || others.some((answer) => !isDeepStrictEqual(answer, first))) {
      throw new Error(`The targets disagree for tenant ${tenantId}: the benchmark would compare different work`);
    }
  }
}

function superuserUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
