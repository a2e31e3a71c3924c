import { hashPassword } from '../src/identity/passwords/password-hashing.js';
import { sessionCookieNames } from '../src/identity/sessions/session-cookies.js';
import { SESSION_TOKEN_TTL_SECONDS } from '../src/identity/sessions/session-token.js';
import { createLogger } from '../src/platform/logging/logger.js';
import { openPlatform } from '../src/platform/open-platform.js';
import type { BenchContext, Benchmark, BenchmarkResult, RatioResult, TargetResult } from './support/benchmark.js';
import { createBenchMembers } from './support/bench-members.js';
import { benchConfig, benchSuite, listen } from './support/bench-suite.js';
import { openCpuProbe } from './support/cpu-probe.js';
import type { LoadTarget } from './support/drive-load.js';
import { cookiesOf, LoopbackClient } from './support/http-client.js';
import { measureTargets } from './support/measure-targets.js';

const READ_PATH = '/api/v1/records/labels';
const PASSWORD = 'correct horse battery staple';
const TARGET_RATIO = 0.9;
const CLIENT_ADDRESS = '127.0.0.1';

/**
 * What a personal access token costs next to a session. The targets read the same tenant's
 * labels: `token` with `Authorization: Bearer pat_…` (checksum, then the process's token cache,
 * each hit confirmed by a shared empty query on its LISTEN connection, so revocation still
 * counts on the next request), `session` with the session cookie (JWT verified once, then cached
 * by its text), and, for reference, `token-uncached`: the same token on a second server of the
 * same run with `BSNS_TOKEN_CACHE=off` (one indexed SELECT joining user and membership per
 * request, the design before the cache). All pay the per-credential rate-limit counter.
 */
export const tokenReadBenchmark: Benchmark = {
  name: 'token-read',
  description: `GET ${READ_PATH} with a personal access token vs the same read with a session cookie`,
  async run(context: BenchContext): Promise<BenchmarkResult> {
    const { warmupSeconds, durationSeconds, rounds } = context.load;
    if (2 * (warmupSeconds + durationSeconds * rounds) > SESSION_TOKEN_TTL_SECONDS - 60) throw new Error('token-read: the load would outlive the session token');
    const platform = await openPlatform(benchConfig(context), createLogger('silent'));
    const uncachedPlatform = await openPlatform(benchConfig(context, { BSNS_TOKEN_CACHE: 'off', BSNS_OUTBOX_WORKER: 'off' }), createLogger('silent'));
    const client = new LoopbackClient();
    const suite = (await benchSuite(platform)).app;
    const uncachedSuite = (await benchSuite(uncachedPlatform)).app;
    try {
      const [member] = await createBenchMembers(platform.identityDb, 1, await hashPassword(PASSWORD));
      await platform.businessDb.withTenant(member!.tenantId, (tx) => tx.query('INSERT INTO tenants (id, name) VALUES ($1, $2)', [member!.tenantId, 'bench']));
      const url = await listen(suite);
      const uncachedUrl = await listen(uncachedSuite);
      const origin = new URL(platform.config.publicUrl).origin;
      const signIn = await client.request(url, { method: 'POST', path: '/api/v1/auth/sign-in', localAddress: CLIENT_ADDRESS, headers: { origin }, body: { email: member!.email, password: PASSWORD } });
      const sessionToken = cookiesOf(signIn).get(sessionCookieNames(platform.config).token);
      if (!sessionToken) throw new Error(`sign-in answered ${signIn.status}`);
      const cookie = `${sessionCookieNames(platform.config).token}=${sessionToken}`;
      const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
      const minted = await client.request(url, {
        method: 'POST',
        path: '/api/v1/account/tokens',
        localAddress: CLIENT_ADDRESS,
        headers: { origin, cookie },
        body: { name: 'bench', scopes: ['labels:read'], expiresAt },
      });
      if (minted.status !== 201) throw new Error(`token mint answered ${minted.status}: ${minted.body.slice(0, 200)}`);
      const { secret } = JSON.parse(minted.body) as { secret: string };

      const target = (name: string, description: string, headers: Record<string, string>, at = url): LoadTarget => ({
        name,
        description,
        url: at,
        expectedStatus: 200,
        requests: [{ method: 'GET', path: READ_PATH, headers }],
      });
      const targets = [
        target('token', 'Authorization: Bearer pat_… (checksum, token cache confirmed by a shared sync, last-used at most once a minute)', { authorization: `Bearer ${secret}` }),
        target('session', 'the session cookie (JWT cached by its text)', { cookie }),
        target('token-uncached', 'the same token with BSNS_TOKEN_CACHE=off (one SELECT per request)', { authorization: `Bearer ${secret}` }, uncachedUrl),
      ] as const;
      const cpu = await openCpuProbe(context.databases.adminUrl, context.databases.businessDatabase);
      const [token, session, uncached] = await measureTargets(targets, { load: context.load, log: context.log, cpu }).finally(() => cpu.close());
      const headline = ratio('token vs session read', token!, session!, TARGET_RATIO);
      const before: RatioResult = { ...ratio('token without the cache vs session read', uncached!, session!, TARGET_RATIO), target: null, verdict: null };
      return {
        name: this.name,
        description: this.description,
        dataSet: "1 member's tenant with no labels; one token with labels:read, one session inside the MFA grace window",
        targets: [token!, session!, uncached!],
        ratios: [headline, before],
        verdict: headline.verdict!,
      };
    } finally {
      client.close();
      await suite.close();
      await uncachedSuite.close();
      await platform.close();
      await uncachedPlatform.close();
    }
  },
};

function ratio(label: string, numerator: TargetResult, denominator: TargetResult, target: number): RatioResult {
  const value = numerator.medianRequestsPerSecond / denominator.medianRequestsPerSecond;
  return { label, numerator: numerator.name, denominator: denominator.name, value, target, verdict: value >= target ? 'PASS' : 'BELOW TARGET' };
}
