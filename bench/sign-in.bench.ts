import { verify } from '@node-rs/argon2';
import type { FastifyInstance } from 'fastify';
import { ARGON2_PARAMETERS, hashPassword } from '../src/identity/passwords/password-hashing.js';
import { IDENTITY_RATE_LIMITS } from '../src/identity/rate-limit-rules.js';
import { createLogger } from '../src/platform/logging/logger.js';
import type { Queryable } from '../src/platform/db/index.js';
import { openPlatform } from '../src/platform/open-platform.js';
import type { BenchContext, Benchmark, BenchmarkResult, RatioResult, TargetResult } from './support/benchmark.js';
import { createBenchMembers } from './support/bench-members.js';
import { benchConfig, benchSuite, listen } from './support/bench-suite.js';
import { openCpuProbe } from './support/cpu-probe.js';
import { LoopbackClient } from './support/http-client.js';
import { measureSequential, type SequentialTarget } from './support/measure-sequential.js';

const SIGN_IN_PATH = '/api/v1/auth/sign-in';
const PASSWORD = 'correct horse battery staple';
const TARGET_RATIO = 1.1;
const MEMBERS = 50;
/** A browser signs in now and then; rotating users keeps any one user's session list short. */
const SIGN_INS_PER_MEMBER = 20;
/** Under the production per-address limit, so no request is refused: the limit itself stays as shipped. */
const SIGN_INS_PER_ADDRESS = Math.floor(IDENTITY_RATE_LIMITS.signInAddress.limit / 2);

/**
 * What a sign-in costs beyond the password hash it must verify. `sign-in` is the real thing,
 * through the whole Fastify pipeline via `app.inject` (hooks, schema, error handling; no socket):
 * rate-limit counters (account and address) in PostgreSQL, the user lookup, argon2id, the counter
 * reset, the session row, the claims and an EdDSA-signed token in cookies. `argon2-verify` is a
 * bare `@node-rs/argon2` verify of a hash made with the same `ARGON2_PARAMETERS`. `sign-in-http`
 * is the same sign-in over a loopback socket, to show what the transport adds on this machine.
 * One request at a time, so this is latency, not throughput. Client addresses rotate instead of
 * any limit being raised.
 */
export const signInBenchmark: Benchmark = {
  name: 'sign-in',
  description: `POST ${SIGN_IN_PATH}, one at a time: the whole sign-in vs a bare argon2id verify`,
  async run(context: BenchContext): Promise<BenchmarkResult> {
    const platform = await openPlatform(benchConfig(context), createLogger('silent'));
    const client = new LoopbackClient();
    let suite: FastifyInstance | undefined;
    try {
      const passwordHash = await hashPassword(PASSWORD);
      const members = await createBenchMembers(platform.identityDb, MEMBERS, passwordHash);
      suite = (await benchSuite(platform)).app;
      const app = suite;
      const suiteUrl = await listen(app);
      const origin = new URL(platform.config.publicUrl).origin;
      const emailFor = (index: number) => members[Math.floor(index / SIGN_INS_PER_MEMBER) % members.length]!.email;

      const injected = async (index: number) => {
        const response = await app.inject({
          method: 'POST',
          url: SIGN_IN_PATH,
          remoteAddress: clientAddress('10', index),
          headers: { origin },
          payload: { email: emailFor(index), password: PASSWORD },
        });
        if (response.statusCode !== 200) throw new Error(`sign-in answered ${response.statusCode}: ${response.body.slice(0, 200)}`);
        return response.headers['set-cookie'];
      };
      const overHttp = async (index: number) => {
        const localAddress = clientAddress('127', index);
        if (index % SIGN_INS_PER_ADDRESS === 0) client.retireAgentsExcept(localAddress);
        const answer = await client.request(suiteUrl, { method: 'POST', path: SIGN_IN_PATH, localAddress, headers: { origin }, body: { email: emailFor(index), password: PASSWORD } });
        if (answer.status !== 200) throw new Error(`sign-in over HTTP answered ${answer.status}: ${answer.body.slice(0, 200)}`);
      };
      const targets: SequentialTarget[] = [
        { name: 'sign-in', description: `buildSuite, POST ${SIGN_IN_PATH} via app.inject: limits, lookup, argon2id, session row, signed token`, run: (index) => injected(index).then(() => undefined) },
        { name: 'sign-in-http', description: 'the same sign-in over a loopback HTTP connection (keep-alive)', run: overHttp },
        {
          name: 'argon2-verify',
          description: `@node-rs/argon2 verify, m=${ARGON2_PARAMETERS.memoryCost} KiB t=${ARGON2_PARAMETERS.timeCost} p=${ARGON2_PARAMETERS.parallelism}, no HTTP`,
          run: async () => {
            if (!(await verify(passwordHash, PASSWORD))) throw new Error('argon2 verify refused the right password');
          },
        },
      ];
      // The suite must really sign in (cookies set), or the bench would time an error path.
      if (!String(await injected(0)).includes('bsns-session=')) throw new Error('sign-in set no session cookie');
      const statements = await countStatements(platform.identityDb, () => injected(1));

      // Sign-in works in the identity database: that is where its PostgreSQL time goes.
      const cpu = await openCpuProbe(context.databases.adminUrl, new URL(context.databases.urls.identity).pathname.slice(1));
      const [signIn, signInHttp, argon2] = await measureSequential(targets, { load: context.load, log: context.log, cpu }).finally(() => cpu.close());
      const headline = latencyRatio('sign-in vs bare argon2id: the whole price', signIn!, argon2!, TARGET_RATIO);
      return {
        name: this.name,
        description: this.description,
        dataSet: `${MEMBERS} verified members, a new one every ${SIGN_INS_PER_MEMBER} sign-ins, a new client address every ${SIGN_INS_PER_ADDRESS}; ${statements} SQL statements per sign-in`,
        targets: [signIn!, signInHttp!, argon2!],
        ratios: [headline, latencyRatio('transport share: a loopback socket', signInHttp!, signIn!, null)],
        verdict: headline.verdict!,
      };
    } finally {
      client.close();
      await suite?.close();
      await platform.close();
    }
  },
};

/** How many statements one sign-in sends to the identity database (each costs PostgreSQL a parse, a plan and a commit). */
async function countStatements(db: Queryable, signIn: () => Promise<unknown>): Promise<number> {
  const query = db.query;
  let count = 0;
  db.query = ((text: string, values?: readonly unknown[]) => {
    count++;
    return query(text, values);
  }) as Queryable['query'];
  try {
    await signIn();
  } finally {
    db.query = query;
  }
  return count;
}

function latencyRatio(label: string, numerator: TargetResult, denominator: TargetResult, target: number | null): RatioResult {
  const value = numerator.medianLatencyP50Ms / denominator.medianLatencyP50Ms;
  return {
    label,
    numerator: numerator.name,
    denominator: denominator.name,
    value,
    target,
    goal: 'at-most',
    verdict: target === null ? null : value <= target ? 'PASS' : 'ABOVE TARGET',
  };
}

/**
 * A client address for the `index`th sign-in: a new one every SIGN_INS_PER_ADDRESS, within
 * `first`.0.0.0/8 (10/8 for injected requests, the loopback range for real connections).
 */
function clientAddress(first: '10' | '127', index: number): string {
  const block = Math.floor(index / SIGN_INS_PER_ADDRESS);
  return `${first}.1.${Math.floor(block / 250) % 250}.${(block % 250) + 1}`;
}
