import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import type { AuditEntryInput } from '../src/platform/audit/index.js';
import { createLogger } from '../src/platform/logging/logger.js';
import { openPlatform, type Platform } from '../src/platform/open-platform.js';
import type { BenchContext, Benchmark, BenchmarkResult, RoundResult, TargetResult } from './support/benchmark.js';
import { benchConfig } from './support/bench-suite.js';

const WRITERS = 8;
/**
 * The chain's cost is serialisation: appends commit one at a time (each commit's flush happens
 * under the head row's lock), while plain inserts share flushes (group commit). A ratio of 0.15–0.3
 * is what that costs on a small machine; below 0.1 something beyond the lock is slow.
 */
const TARGET_RATIO = 0.1;

function entry(writer: number, i: number): AuditEntryInput {
  return {
    actor: { type: 'user', id: randomUUID() },
    action: 'auth.sign_in.succeeded',
    target: { type: 'session', id: randomUUID() },
    clientAddress: '203.0.113.7',
    metadata: { method: 'password', writer, i },
  };
}

/**
 * Audit appends per second with 8 concurrent writers (`auditLog.append`: its own transaction,
 * one statement that moves the head row under its lock, hashes the entry and inserts it) against
 * plain inserts of the same rows (same columns and indexes, random hashes, no head) into a copy of the table,
 * each in its own transaction too. Both run through the runtime role's pool; rounds alternate.
 */
export const auditAppendBenchmark: Benchmark = {
  name: 'audit-append',
  description: `platform audit log appends/s with ${WRITERS} concurrent writers vs plain inserts of the same rows`,
  async run(context: BenchContext): Promise<BenchmarkResult> {
    const platform = await openPlatform(benchConfig(context), createLogger('silent'));
    const owner = new pg.Client({ connectionString: context.databases.urls.identityOwner });
    await owner.connect();
    try {
      // Owner-created, so the default privileges give the runtime role INSERT on it.
      await owner.query('CREATE TABLE bench_plain_audit (LIKE platform_audit_log INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)');
      const targets = {
        'audit-append': (writer: number, i: number) => platform.auditLog.append(entry(writer, i)).then(() => undefined),
        'plain-insert': (writer: number, i: number) => plainInsert(platform, writer, i),
      };
      const rounds: Record<keyof typeof targets, RoundResult[]> = { 'audit-append': [], 'plain-insert': [] };
      for (const name of Object.keys(targets) as Array<keyof typeof targets>) await drive(targets[name], context.load.warmupSeconds);
      for (let round = 1; round <= context.load.rounds; round += 1) {
        for (const name of Object.keys(targets) as Array<keyof typeof targets>) {
          const result = await drive(targets[name], context.load.durationSeconds);
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
      const results = (Object.keys(rounds) as Array<keyof typeof rounds>).map((name): TargetResult => {
        const list = rounds[name];
        return {
          name,
          description: name === 'audit-append' ? 'AuditLog.append: one statement: head row update (its lock), hash, insert' : 'INSERT of the same row into a copy of the table',
          rounds: list,
          medianRequestsPerSecond: median(list.map((r) => r.requestsPerSecond)),
          medianLatencyP50Ms: median(list.map((r) => r.latencyP50Ms)),
          medianLatencyP99Ms: median(list.map((r) => r.latencyP99Ms)),
          medianServerCpuMicrosPerRequest: null,
          medianPostgresCpuMicrosPerRequest: null,
        };
      });
      const [audited, plain] = results as [TargetResult, TargetResult];
      const value = audited.medianRequestsPerSecond / plain.medianRequestsPerSecond;
      const verdict = value >= TARGET_RATIO ? 'PASS' : 'BELOW TARGET';
      return {
        name: this.name,
        description: this.description,
        dataSet: `${WRITERS} writers, each appending one entry per transaction`,
        targets: results,
        ratios: [{ label: 'audit appends/s over plain inserts/s', numerator: audited.name, denominator: plain.name, value, target: TARGET_RATIO, verdict }],
        verdict,
      };
    } finally {
      await owner.end();
      await platform.close();
    }
  },
};

async function plainInsert(platform: Platform, writer: number, i: number): Promise<void> {
  const e = entry(writer, i);
  await platform.identityDb.transaction((tx) =>
    tx.query(
      `INSERT INTO bench_plain_audit (seq, occurred_at, actor_type, actor_id, permission, action, target_type, target_id, tenant_id, metadata, client_address, prev_hash, hash)
       VALUES ((SELECT (random() * 9e15)::bigint), $1, $2, $3, NULL, $4, $5, $6, NULL, $7, $8, $9, $10)`,
      [new Date(), e.actor.type, e.actor.id, e.action, e.target!.type, e.target!.id, JSON.stringify(e.metadata), e.clientAddress, hex(), hex()],
    ),
  );
}

const hex = () => randomBytes(32).toString('hex');

async function drive(op: (writer: number, i: number) => Promise<void>, seconds: number) {
  const latencies: number[] = [];
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, writer) => {
      for (let i = 0; performance.now() < until; i += 1) {
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
