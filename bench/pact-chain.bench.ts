import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { appendPactChainEntry, pactEntryHash, pactPayloadDigest, verifyPactChain } from '../src/apps/pact/chain/index.js';
import { createLogger } from '../src/platform/logging/logger.js';
import { openPlatform, type Platform } from '../src/platform/open-platform.js';
import type { BenchContext, Benchmark, BenchmarkResult, RoundResult, TargetResult } from './support/benchmark.js';
import { benchConfig } from './support/bench-suite.js';

const WRITERS = 8;
/** Transactions per writer per measured round (a tenth of it per writer to warm up). */
const TRANSACTIONS_PER_WRITER = 500;
/**
 * Appends of one tenant commit one at a time: the advisory lock is held until COMMIT, so each
 * commit's WAL flush happens under it, while the plain inserts share flushes (group commit) and
 * overlap their round trips. Like the audit log's 0.1, a ratio below that means something beyond
 * the lock is slow.
 */
const TARGET_RATIO = 0.1;
/** Published per-tenant locked chains reach about 800–1,900 appends/s (issue 9): the upper end. */
const PUBLISHED_APPENDS_PER_SECOND = 1900;

/**
 * One tenant, 8 concurrent writers, each running the same number of transactions: `chain-append`
 * appends one entry (`appendPactChainEntry` inside `businessDb.withTenant`: the tenant's advisory
 * lock, the head read under it, SHA-256 of the entry, the insert); `plain-insert` inserts the same
 * row, hashed the same way, into a scratch copy of the table, with no lock and no head.
 *
 * The baseline is a copy and not the chain's own table because a row of pact_chain_entries needs
 * the next seq and its predecessor's hash, which only the lock makes safe to read; inserting there
 * with made-up seqs would interleave with the chain under test and break it. The copy is made by
 * the owner role in the business database (so the default privileges give the runtime role INSERT)
 * with the same columns, CHECKs, primary key, envelope index, foreign key to tenants and the same
 * row-level-security policy, so both sides run the same transaction shape through the same pool:
 * BEGIN, the tenant setting, one INSERT under RLS, COMMIT. What the ratio prices is the lock, the
 * head read and the serialised commits. Rounds alternate.
 */
export const pactChainBenchmark: Benchmark = {
  name: 'pact-chain',
  description: `pact chain appends/s of one tenant with ${WRITERS} concurrent writers vs plain inserts of the same rows`,
  async run(context: BenchContext): Promise<BenchmarkResult> {
    const platform = await openPlatform(benchConfig(context), createLogger('silent'));
    const owner = new pg.Client({ connectionString: context.databases.urls.businessOwner });
    await owner.connect();
    try {
      await owner.query(`
        CREATE TABLE bench_plain_pact_chain (LIKE pact_chain_entries INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES);
        ALTER TABLE bench_plain_pact_chain ADD FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE;
        ALTER TABLE bench_plain_pact_chain ENABLE ROW LEVEL SECURITY;
        ALTER TABLE bench_plain_pact_chain FORCE ROW LEVEL SECURITY;
        CREATE POLICY tenant_isolation ON bench_plain_pact_chain USING (tenant_id = (SELECT app_current_tenant())) WITH CHECK (tenant_id = (SELECT app_current_tenant()));`);
      const tenant = randomUUID();
      await platform.businessDb.withTenant(tenant, (tx) => tx.query('INSERT INTO tenants (id, name) VALUES ($1, $2)', [tenant, 'pact-chain bench']));
      const envelopes = Array.from({ length: WRITERS }, () => randomUUID());
      let plainSeq = 0;
      const targets = {
        'chain-append': (writer: number, i: number) =>
          platform.businessDb.withTenant(tenant, () => appendPactChainEntry({ type: 'signed', envelopeId: envelopes[writer]!, payload: { writer, i } })).then(() => undefined),
        'plain-insert': (writer: number, i: number) => plainInsert(platform, tenant, envelopes[writer]!, (plainSeq += 1), { writer, i }),
      };
      const names = Object.keys(targets) as Array<keyof typeof targets>;
      const rounds: Record<keyof typeof targets, RoundResult[]> = { 'chain-append': [], 'plain-insert': [] };
      for (const name of names) await drive(targets[name], Math.ceil(TRANSACTIONS_PER_WRITER / 10));
      for (let round = 1; round <= context.load.rounds; round += 1) {
        for (const name of names) {
          const result = await drive(targets[name], TRANSACTIONS_PER_WRITER);
          context.log(`  round ${round} ${name}: ${result.perSecond.toFixed(0)}/s`);
          rounds[name].push({
            round,
            requestsPerSecond: result.perSecond,
            latencyP50Ms: result.p50,
            latencyP99Ms: result.p99,
            requests: result.count,
            durationSeconds: result.seconds,
            serverCpuMicrosPerRequest: null,
            postgresCpuMicrosPerRequest: null,
          });
        }
      }

      // The measured chain must still be one chain: no fork, no gap, every append in it.
      const appended = (context.load.rounds * TRANSACTIONS_PER_WRITER + Math.ceil(TRANSACTIONS_PER_WRITER / 10)) * WRITERS;
      const chain = await platform.businessDb.withTenant(tenant, () => verifyPactChain(), { readOnly: true });
      if (chain.broken || chain.entries !== appended) throw new Error(`the chain did not survive the load: ${chain.entries} of ${appended} entries verify${chain.broken ? `, ${chain.broken.detail}` : ''}`);

      const results = names.map((name): TargetResult => {
        const list = rounds[name];
        return {
          name,
          description:
            name === 'chain-append'
              ? "appendPactChainEntry in withTenant: the tenant's advisory lock, head read, SHA-256, insert"
              : 'INSERT of the same row, hashed the same way, into an RLS copy of the table, in withTenant',
          rounds: list,
          medianRequestsPerSecond: median(list.map((r) => r.requestsPerSecond)),
          medianLatencyP50Ms: median(list.map((r) => r.latencyP50Ms)),
          medianLatencyP99Ms: median(list.map((r) => r.latencyP99Ms)),
          medianServerCpuMicrosPerRequest: null,
          medianPostgresCpuMicrosPerRequest: null,
        };
      });
      const [chained, plain] = results as [TargetResult, TargetResult];
      const value = chained.medianRequestsPerSecond / plain.medianRequestsPerSecond;
      context.log(`  absolute: ${chained.medianRequestsPerSecond.toFixed(0)} chain appends/s (median); published per-tenant locked chains reach about ${PUBLISHED_APPENDS_PER_SECOND}/s`);
      const verdict = value >= TARGET_RATIO ? 'PASS' : 'BELOW TARGET';
      return {
        name: this.name,
        description: this.description,
        dataSet: `1 tenant, ${WRITERS} writers × ${TRANSACTIONS_PER_WRITER} transactions per round, one row each; ${chain.entries} chain entries verified after the run`,
        targets: results,
        ratios: [{ label: 'chain appends/s over plain inserts/s', numerator: chained.name, denominator: plain.name, value, target: TARGET_RATIO, verdict }],
        verdict,
      };
    } finally {
      await owner.query('DROP TABLE IF EXISTS bench_plain_pact_chain').catch(() => undefined);
      await owner.end();
      await platform.close();
    }
  },
};

async function plainInsert(platform: Platform, tenant: string, envelopeId: string, seq: number, payload: { writer: number; i: number }): Promise<void> {
  const body = { seq, prevHash: randomBytes(32).toString('hex'), type: 'signed' as const, envelopeId, payloadDigest: pactPayloadDigest(payload), at: new Date() };
  const hash = pactEntryHash(body);
  await platform.businessDb.withTenant(tenant, (tx) =>
    tx.query('INSERT INTO bench_plain_pact_chain (tenant_id, seq, prev_hash, type, envelope_id, payload_digest, at, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
      tx.tenantId,
      body.seq,
      body.prevHash,
      body.type,
      body.envelopeId,
      body.payloadDigest,
      body.at,
      hash,
    ]),
  );
}

/** Each of the writers runs `perWriter` transactions back to back; all start together. */
async function drive(op: (writer: number, i: number) => Promise<void>, perWriter: number) {
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, writer) => {
      for (let i = 0; i < perWriter; i += 1) {
        const t = performance.now();
        await op(writer, i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { count: latencies.length, seconds: elapsed, perSecond: latencies.length / elapsed, p50: at(0.5), p99: at(0.99) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
