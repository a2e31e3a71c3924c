import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { createLogger } from '../src/platform/logging/logger.js';
import { openPlatform } from '../src/platform/open-platform.js';
import type { BenchContext, Benchmark, BenchmarkResult, RoundResult, TargetResult } from './support/benchmark.js';
import { BENCH_TENANT_HEADER, benchResolvers } from './support/bench-resolvers.js';
import { benchConfig, benchSuite } from './support/bench-suite.js';

const SIZES = [10_000, 100_000] as const;
const TARGET_RATIO = 0.9;
const RSS_SAMPLE_MS = 20;

/** A CSV of `rows` people, generated as it is read: the file never exists whole in memory. */
function csvStream(rows: number): Readable {
  return Readable.from(
    (function* () {
      yield 'name,email,phone,ssn,date of birth\r\n';
      for (let start = 0; start < rows; start += 1000) {
        const lines: string[] = [];
        for (let index = start; index < Math.min(rows, start + 1000); index++) {
          const ssn = `${String(100 + (index % 500))}-${String(10 + (index % 89))}-${String(1000 + (index % 9000))}`;
          lines.push(`Person ${index},person${index}@example.test,+1 555 ${String(index % 10_000).padStart(4, '0')},${ssn},1980-01-02\r\n`);
        }
        yield lines.join('');
      }
    })(),
    { objectMode: false },
  );
}

/**
 * CSV import at two sizes through the whole suite (`app.inject`, streamed `text/csv` upload,
 * posture, one tenant transaction, every row validated, SSN and date of birth sealed, SSN
 * blind-indexed): rows per second, and the peak growth of the process's RSS during each import.
 * The headline ratio is the 100k import's rows/s over the 10k one's (throughput must hold as the
 * file grows); the RSS peaks show whether memory stays flat. One import per size per run.
 */
export const recordsImportBenchmark: Benchmark = {
  name: 'records-import',
  description: 'POST /api/v1/records/imports: 10k vs 100k rows, rows/s and peak RSS',
  async run(context: BenchContext): Promise<BenchmarkResult> {
    // The 100k file is past the default `installation.import_rows` and, streamed at a few thousand
    // rows a second, past the default request deadline: both raised the way an operator would
    // (docs/operations/quotas.md).
    const env = { BSNS_QUOTAS: `installation.import_rows=${Math.max(...SIZES)}`, BSNS_REQUEST_TIMEOUT_MS: String(10 * 60_000) };
    const platform = await openPlatform(benchConfig(context, env), createLogger('silent'));
    const suite = (await benchSuite(platform, benchResolvers)).app;
    const rssPeaks: string[] = [];
    try {
      const results: TargetResult[] = [];
      for (const rows of SIZES) {
        const tenantId = randomUUID();
        await platform.businessDb.withTenant(tenantId, (tx) => tx.query('INSERT INTO tenants (id, name) VALUES ($1, $2)', [tenantId, `Import ${rows}`]));
        const rssBefore = process.memoryUsage.rss();
        let rssPeak = rssBefore;
        const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage.rss())), RSS_SAMPLE_MS);
        const started = performance.now();
        const response = await suite
          .inject({ method: 'POST', url: '/api/v1/records/imports?kind=person', payload: csvStream(rows), headers: { [BENCH_TENANT_HEADER]: tenantId, 'content-type': 'text/csv' } })
          .finally(() => clearInterval(sampler));
        const seconds = (performance.now() - started) / 1000;
        const body = response.json() as { rowsImported?: number };
        if (response.statusCode !== 201 || body.rowsImported !== rows) throw new Error(`import of ${rows} rows answered ${response.statusCode}: ${response.body.slice(0, 300)}`);
        const growthMb = (rssPeak - rssBefore) / 1024 / 1024;
        rssPeaks.push(`${rows / 1000}k rows: peak RSS +${growthMb.toFixed(0)} MB`);
        context.log(`  import ${rows} rows: ${(rows / seconds).toFixed(0)} rows/s, ${seconds.toFixed(1)} s, peak RSS +${growthMb.toFixed(1)} MB`);
        const round: RoundResult = {
          round: 1,
          requestsPerSecond: rows / seconds,
          latencyP50Ms: seconds * 1000,
          latencyP99Ms: seconds * 1000,
          requests: rows,
          durationSeconds: seconds,
          serverCpuMicrosPerRequest: null,
          postgresCpuMicrosPerRequest: null,
        };
        results.push({
          name: `import-${rows / 1000}k`,
          description: `one import of ${rows} people (req/s = rows/s; latency = the whole import)`,
          rounds: [round],
          medianRequestsPerSecond: round.requestsPerSecond,
          medianLatencyP50Ms: round.latencyP50Ms,
          medianLatencyP99Ms: round.latencyP99Ms,
          medianServerCpuMicrosPerRequest: null,
          medianPostgresCpuMicrosPerRequest: null,
        });
      }
      const [small, large] = results as [TargetResult, TargetResult];
      const value = large.medianRequestsPerSecond / small.medianRequestsPerSecond;
      const verdict = value >= TARGET_RATIO ? 'PASS' : 'BELOW TARGET';
      return {
        name: this.name,
        description: this.description,
        dataSet: `people with name, email, phone, SSN and date of birth, generated while streamed; ${rssPeaks.join(', ')}`,
        targets: results,
        ratios: [{ label: 'rows/s as the file grows tenfold', numerator: large.name, denominator: small.name, value, target: TARGET_RATIO, verdict }],
        verdict,
      };
    } finally {
      await suite.close();
      await platform.close();
    }
  },
};
