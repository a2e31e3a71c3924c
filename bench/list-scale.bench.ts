import pg from 'pg';
import { hashPassword } from '../src/identity/passwords/password-hashing.js';
import { sessionCookieNames } from '../src/identity/sessions/session-cookies.js';
import { SESSION_TOKEN_TTL_SECONDS } from '../src/identity/sessions/session-token.js';
import { createLogger } from '../src/platform/logging/logger.js';
import { openPlatform, type Platform } from '../src/platform/open-platform.js';
import { createQuotaOverrides } from '../src/platform/quotas/index.js';
import { createTenantMirror } from '../src/platform/tenancy/index.js';
import type { BenchContext, Benchmark, BenchmarkResult, RatioResult, TargetResult } from './support/benchmark.js';
import { createBenchMembers, type BenchMember } from './support/bench-members.js';
import { benchConfig, benchSuite, listen } from './support/bench-suite.js';
import { openCpuProbe } from './support/cpu-probe.js';
import type { LoadTarget } from './support/drive-load.js';
import { cookiesOf, LoopbackClient } from './support/http-client.js';
import { measureTargets } from './support/measure-targets.js';

const PASSWORD = 'correct horse battery staple';
const CLIENT_ADDRESS = '127.0.0.1';
const FEW = 10;
const MANY_TENANTS = 5_000;
const MANY_LABELS = 50_000;
/** Keyset pages cost what the first page costs: the big list may be at most this much slower at p99. */
const TARGET_P99_RATIO = 1.5;
// Pages of 10 on both sides, so every answer renders the same number of rows and only the size
// of the table behind it differs (a default page of 50 would compare 10 rendered rows with 50).
const TENANTS_PAGE = `/tenants?limit=${FEW}`;
const LABELS_PAGE = `/api/v1/records/labels?limit=${FEW}`;

/**
 * Whether a list costs the same with 10 rows or with thousands: the `/tenants` page of a user who
 * owns 10 tenants vs one who owns 5,000 (given a raised quota), and the labels API of a tenant
 * with 10 labels vs one with 50,000. Each answers its first keyset page of 10 items; the data is
 * seeded with SQL. Headline: the p99 of the big list over the p99 of the small one.
 */
export const listScaleBenchmark: Benchmark = {
  name: 'list-scale',
  description: `GET /tenants (${FEW} vs ${MANY_TENANTS} tenants) and GET /api/v1/records/labels (${FEW} vs ${MANY_LABELS} labels), first page`,
  async run(context: BenchContext): Promise<BenchmarkResult> {
    const plannedSeconds = 4 * (context.load.warmupSeconds + context.load.durationSeconds * context.load.rounds);
    if (plannedSeconds > SESSION_TOKEN_TTL_SECONDS - 60) throw new Error(`list-scale: ${plannedSeconds} s of load would outlive the session token; use fewer or shorter rounds`);
    const platform = await openPlatform(benchConfig(context), createLogger('silent'));
    const client = new LoopbackClient();
    const suite = (await benchSuite(platform)).app;
    try {
      const [fewTenants, manyTenants, fewLabels, manyLabels] = await createBenchMembers(platform.identityDb, 4, await hashPassword(PASSWORD));
      context.log(`  seeding ${MANY_TENANTS} tenants and ${MANY_LABELS} labels`);
      await seedTenants(platform, fewTenants!, FEW);
      await seedTenants(platform, manyTenants!, MANY_TENANTS);
      await seedLabels(platform, fewLabels!, FEW);
      await seedLabels(platform, manyLabels!, MANY_LABELS);
      await analyze([context.databases.urls.identityOwner, context.databases.urls.businessOwner]);
      const url = await listen(suite);
      const cookie = async (member: BenchMember) => sessionCookie(platform, client, url, member.email);
      const target = (name: string, description: string, path: string, sessionCookie: string): LoadTarget => ({
        name,
        description,
        url,
        requests: [{ method: 'GET', path, headers: { cookie: sessionCookie, accept: 'text/html,application/json' } }],
      });
      const targets = [
        target(`tenants-${FEW}`, `/tenants page of a user who owns ${FEW} tenants`, TENANTS_PAGE, await cookie(fewTenants!)),
        target(`tenants-${MANY_TENANTS}`, `/tenants page of a user who owns ${MANY_TENANTS} tenants`, TENANTS_PAGE, await cookie(manyTenants!)),
        target(`labels-${FEW}`, `labels API of a tenant with ${FEW} labels`, LABELS_PAGE, await cookie(fewLabels!)),
        target(`labels-${MANY_LABELS}`, `labels API of a tenant with ${MANY_LABELS} labels`, LABELS_PAGE, await cookie(manyLabels!)),
      ];
      await assertFirstPages(client, targets);

      const cpu = await openCpuProbe(context.databases.adminUrl, context.databases.businessDatabase);
      const [tenantsFew, tenantsMany, labelsFew, labelsMany] = await measureTargets(targets, { load: context.load, log: context.log, cpu }).finally(() => cpu.close());
      const tenantsRatio = p99Ratio(`/tenants: ${MANY_TENANTS} tenants vs ${FEW}`, tenantsMany!, tenantsFew!);
      const labelsRatio = p99Ratio(`labels API: ${MANY_LABELS} labels vs ${FEW}`, labelsMany!, labelsFew!);
      const headline = [tenantsRatio, labelsRatio].sort((a, b) => b.value - a.value)[0]!;
      return {
        name: this.name,
        description: this.description,
        dataSet: `users owning ${FEW} and ${MANY_TENANTS} tenants; tenants holding ${FEW} and ${MANY_LABELS} labels; pages of ${FEW}`,
        targets: [tenantsFew!, tenantsMany!, labelsFew!, labelsMany!],
        ratios: [headline, headline === tenantsRatio ? labelsRatio : tenantsRatio],
        verdict: headline.verdict!,
      };
    } finally {
      client.close();
      await suite.close();
      await platform.close();
    }
  },
};

function p99Ratio(label: string, many: TargetResult, few: TargetResult): RatioResult {
  const value = many.medianLatencyP99Ms / Math.max(1, few.medianLatencyP99Ms);
  return { label, numerator: many.name, denominator: few.name, value, target: TARGET_P99_RATIO, goal: 'at-most', measure: 'median p99 latency', verdict: value <= TARGET_P99_RATIO ? 'PASS' : 'ABOVE TARGET' };
}

/** Gives the member `count` owned tenants in all (one already), by SQL, after raising their quota as an operator would. */
async function seedTenants(platform: Platform, member: BenchMember, count: number): Promise<void> {
  await createQuotaOverrides(platform.identityDb).set(member.id, { 'user.tenants_owned': count });
  await platform.identityDb.query(
    `WITH created AS (
       INSERT INTO tenants (name, created_by) SELECT 'Bench tenant ' || n, $1 FROM generate_series(2, $2::int) AS n RETURNING id
     )
     INSERT INTO memberships (tenant_id, user_id, role) SELECT id, $1, 'owner' FROM created`,
    [member.id, count],
  );
}

/** Mirrors the member's tenant to the business database and files `count` labels in it. */
async function seedLabels(platform: Platform, member: BenchMember, count: number): Promise<void> {
  await createQuotaOverrides(platform.identityDb).set(member.tenantId, { 'tenant.labels': count });
  await createTenantMirror(platform.businessDb)({ id: member.tenantId, name: 'Bench labels' });
  await platform.businessDb.withTenant(member.tenantId, (tx) =>
    tx.query(`INSERT INTO labels (tenant_id, name) SELECT $1, 'label ' || lpad(n::text, 6, '0') FROM generate_series(1, $2::int) AS n`, [member.tenantId, count]),
  );
}

/** Planner statistics as autovacuum would leave them a minute later; ANALYZE needs the owner. */
async function analyze(urls: readonly string[]): Promise<void> {
  for (const url of urls) {
    const owner = new pg.Client({ connectionString: url });
    await owner.connect();
    await owner.query('ANALYZE').finally(() => owner.end());
  }
}

/** Signs in with the password (MFA grace): the token cookie a browser in its first week holds. */
async function sessionCookie(platform: Platform, client: LoopbackClient, url: string, email: string): Promise<string> {
  const origin = new URL(platform.config.publicUrl).origin;
  const answer = await client.request(url, { method: 'POST', path: '/api/v1/auth/sign-in', localAddress: CLIENT_ADDRESS, headers: { origin }, body: { email, password: PASSWORD } });
  if (answer.status !== 200) throw new Error(`sign-in answered ${answer.status}: ${answer.body.slice(0, 200)}`);
  const token = cookiesOf(answer).get(sessionCookieNames(platform.config).token);
  if (!token) throw new Error('no session token after sign-in');
  return `${sessionCookieNames(platform.config).token}=${token}`;
}

/** Every target answers 200 with a full first page before any is timed. */
async function assertFirstPages(client: LoopbackClient, targets: readonly LoadTarget[]): Promise<void> {
  for (const target of targets) {
    const request = target.requests[0]!;
    const answer = await client.request(target.url, { method: 'GET', path: request.path, localAddress: CLIENT_ADDRESS, headers: { ...request.headers } });
    if (answer.status !== 200) throw new Error(`${target.name} answered ${answer.status}: ${answer.body.slice(0, 200)}`);
    const shown = request.path === TENANTS_PAGE ? (answer.body.match(/class="item"/g) ?? []).length : (JSON.parse(answer.body) as { items: unknown[] }).items.length;
    if (shown !== FEW) throw new Error(`${target.name} shows ${shown} items, expected ${FEW}`);
  }
}
