import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { TOTP } from 'otpauth';
import { appUrl } from '../src/identity/index.js';
import { hashPassword } from '../src/identity/passwords/password-hashing.js';
import { sessionCookieNames } from '../src/identity/sessions/session-cookies.js';
import { SESSION_TOKEN_TTL_SECONDS } from '../src/identity/sessions/session-token.js';
import { createLogger } from '../src/platform/logging/logger.js';
import { openPlatform, type Platform } from '../src/platform/open-platform.js';
import type { BenchContext, Benchmark, BenchmarkResult, RatioResult, TargetResult } from './support/benchmark.js';
import { createBenchMembers } from './support/bench-members.js';
import { benchConfig, benchSuite, listen } from './support/bench-suite.js';
import { openCpuProbe } from './support/cpu-probe.js';
import type { LoadTarget } from './support/drive-load.js';
import { cookiesOf, LoopbackClient } from './support/http-client.js';
import { measureTargets } from './support/measure-targets.js';

const LAUNCH_PATH = '/launch/records';
/** Added to the suite for this run only: its HTTP stack answering the same redirect, with no session. */
const PLAIN_PATH = '/bench/launch-plain';
const PASSWORD = 'correct horse battery staple';
const TARGET_RATIO = 0.7;
const CLIENT_ADDRESS = '127.0.0.1';

/**
 * The price of the launch gate. `launch` is the real thing: the session cookie's JWT verified
 * (EdDSA, pinned alg/iss/aud/typ, cached by its exact text until expiry), the MFA claim and grace
 * end, membership and role from the claims, the tenant's app access, then the 303 to the app.
 * The session is a real one that proved TOTP. `baseline` is a bare Fastify route answering the
 * same redirect; `suite-plain` is the suite's own HTTP stack (headers, origin check, posture hook,
 * error handling) answering it on a public route, splitting the gap into HTTP and gate shares.
 */
export const launchBenchmark: Benchmark = {
  name: 'launch',
  description: `GET ${LAUNCH_PATH} with an MFA-verified session cookie vs a bare redirect route`,
  async run(context: BenchContext): Promise<BenchmarkResult> {
    assertTokenOutlivesRun(context);
    const logger = createLogger('silent');
    const platform = await openPlatform(benchConfig(context), logger);
    const client = new LoopbackClient();
    const servers: FastifyInstance[] = [];
    try {
      const [member] = await createBenchMembers(platform.identityDb, 1, await hashPassword(PASSWORD));
      const target = appUrl(platform.config, 'records');
      const suite = (await benchSuite(platform)).app;
      addPlainRouteToSuite(suite, target);
      const baseline = buildBaselineServer(target, logger);
      servers.push(suite, baseline);
      const [suiteUrl, baselineUrl] = [await listen(suite), await listen(baseline)];
      const cookie = await mfaVerifiedSessionCookie(platform, client, suiteUrl, member!.email);

      const launchTarget = (name: string, description: string, url: string, path: string): LoadTarget => ({
        name,
        description,
        url,
        expectedStatus: 303,
        requests: [{ method: 'GET', path, headers: { cookie } }],
      });
      const targets = [
        launchTarget('launch', `buildSuite, ${LAUNCH_PATH}: session JWT, MFA claim, membership, app access, redirect`, suiteUrl, LAUNCH_PATH),
        launchTarget('suite-plain', 'the same suite server and hooks, a public route answering the same redirect', suiteUrl, PLAIN_PATH),
        launchTarget('baseline', 'bare Fastify route answering the same redirect', baselineUrl, LAUNCH_PATH),
      ] as const;
      await assertSameRedirect(client, targets, target);

      const cpu = await openCpuProbe(context.databases.adminUrl, context.databases.businessDatabase);
      const [launch, suitePlain, bare] = await measureTargets(targets, { load: context.load, log: context.log, cpu }).finally(() => cpu.close());
      const headline = ratio('launch vs bare redirect: the whole price', launch!, bare!, TARGET_RATIO);
      return {
        name: this.name,
        description: this.description,
        dataSet: '1 member whose session proved TOTP; every request carries its session cookie',
        targets: [launch!, suitePlain!, bare!],
        ratios: [headline, ratio('gate share: session, MFA, membership, app access', launch!, suitePlain!, null), ratio('HTTP share: the suite stack', suitePlain!, bare!, null)],
        verdict: headline.verdict!,
      };
    } finally {
      client.close();
      await Promise.allSettled(servers.map((server) => server.close()));
      await platform.close();
    }
  },
};

function ratio(label: string, numerator: TargetResult, denominator: TargetResult, target: number | null): RatioResult {
  const value = numerator.medianRequestsPerSecond / denominator.medianRequestsPerSecond;
  return { label, numerator: numerator.name, denominator: denominator.name, value, target, verdict: target === null ? null : value >= target ? 'PASS' : 'BELOW TARGET' };
}

/**
 * The load sends the token cookie alone, as an app request would; it must stay valid for the whole
 * run, or later rounds would time 401s (the load generator refuses those) instead of launches.
 */
function assertTokenOutlivesRun(context: BenchContext): void {
  const { warmupSeconds, durationSeconds, rounds } = context.load;
  const plannedSeconds = 3 * (warmupSeconds + durationSeconds * rounds);
  if (plannedSeconds > SESSION_TOKEN_TTL_SECONDS - 60) {
    throw new Error(`launch: ${plannedSeconds} s of load would outlive the ${SESSION_TOKEN_TTL_SECONDS} s session token; use fewer rounds or shorter rounds`);
  }
}

/** Signs in with the password, enrols TOTP and confirms it, through the API: the cookie a real user would hold. */
async function mfaVerifiedSessionCookie(platform: Platform, client: LoopbackClient, suiteUrl: string, email: string): Promise<string> {
  const origin = new URL(platform.config.publicUrl).origin;
  const names = sessionCookieNames(platform.config);
  const cookies = new Map<string, string>();
  const call = async (path: string, body?: unknown) => {
    const cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const answer = await client.request(suiteUrl, { method: 'POST', path, localAddress: CLIENT_ADDRESS, headers: { origin, ...(cookie ? { cookie } : {}) }, body });
    if (answer.status !== 200) throw new Error(`${path} answered ${answer.status}: ${answer.body.slice(0, 200)}`);
    for (const [name, value] of cookiesOf(answer)) cookies.set(name, value);
    return JSON.parse(answer.body) as Record<string, unknown>;
  };
  await call('/api/v1/auth/sign-in', { email, password: PASSWORD });
  const { secret } = (await call('/api/v1/auth/totp/enroll')) as { secret: string };
  await call('/api/v1/auth/totp/confirm', { code: new TOTP({ secret, digits: 6, period: 30, algorithm: 'SHA1' }).generate() });
  const token = cookies.get(names.token);
  if (!token) throw new Error('no session token after TOTP confirmation');
  return `${names.token}=${token}`;
}

function addPlainRouteToSuite(suite: FastifyInstance, target: string): void {
  suite.get(PLAIN_PATH, { config: { auth: 'public' }, schema: { hide: true } }, async (_request, reply) => reply.redirect(target, 303));
}

/** Bare, but with the same (silent) logger as the suite, as in tenant-read: both pay Fastify's per-request child logger. */
function buildBaselineServer(target: string, logger: FastifyBaseLogger): FastifyInstance {
  const app = Fastify({ loggerInstance: logger });
  app.get(LAUNCH_PATH, async (_request, reply) => reply.redirect(target, 303));
  return app;
}

/** Targets that answer differently would compare different work; check before measuring. */
async function assertSameRedirect(client: LoopbackClient, targets: readonly LoadTarget[], location: string): Promise<void> {
  for (const target of targets) {
    const request = target.requests[0]!;
    const answer = await client.request(target.url, { method: 'GET', path: request.path, localAddress: CLIENT_ADDRESS, headers: { ...request.headers } });
    if (answer.status !== 303 || answer.headers.location !== location) {
      throw new Error(`${target.name} answered ${answer.status} to ${String(answer.headers.location)}, not 303 to ${location}`);
    }
  }
}
