/**
 * `npm run bench`: runs the benchmarks against a throw-away database layout, prints the machine,
 * the run counts and a table per benchmark, and writes bench/results/latest.json.
 * A ratio below target is reported, not failed: this is a measurement, not a test. The process
 * exits non-zero only when a benchmark could not produce numbers at all.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, configFromProcess } from '../src/config/index.js';
import type { Benchmark, BenchmarkResult } from './support/benchmark.js';
import { openBenchDatabases } from './support/bench-databases.js';
import { BENCH_USAGE, BenchUsageError, parseBenchOptions } from './support/bench-options.js';
import { describeMachine } from './support/machine.js';
import { formatBenchmark, formatMachine, formatSettings, goalSign, writeReport } from './support/report.js';
import { auditAppendBenchmark } from './audit-append.bench.js';
import { launchBenchmark } from './launch.bench.js';
import { listScaleBenchmark } from './list-scale.bench.js';
import { pactChainBenchmark } from './pact-chain.bench.js';
import { recordsImportBenchmark } from './records-import.bench.js';
import { sealedRecordsBenchmark } from './sealed-records.bench.js';
import { signInBenchmark } from './sign-in.bench.js';
import { tenantReadBenchmark } from './tenant-read.bench.js';
import { tenantScaleBenchmark } from './tenant-scale.bench.js';
import { tokenReadBenchmark } from './token-read.bench.js';

const BENCHMARKS: readonly Benchmark[] = [
  tenantReadBenchmark,
  tenantScaleBenchmark,
  signInBenchmark,
  launchBenchmark,
  sealedRecordsBenchmark,
  recordsImportBenchmark,
  listScaleBenchmark,
  auditAppendBenchmark,
  pactChainBenchmark,
  tokenReadBenchmark,
];
const RESULT_FILE = fileURLToPath(new URL('./results/latest.json', import.meta.url));

const log = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  let options;
  try {
    options = parseBenchOptions(process.argv.slice(2));
  } catch (error) {
    log(`${(error as Error).message}\n\n${BENCH_USAGE}`);
    return 2;
  }
  const selected = BENCHMARKS.filter((benchmark) => !options.only || benchmark.name === options.only);
  if (selected.length === 0) {
    log(`No benchmark named "${options.only}". Known: ${BENCHMARKS.map((benchmark) => benchmark.name).join(', ')}`);
    return 2;
  }

  const config = configFromProcess();
  const startedAt = new Date().toISOString();
  const scratchDir = await mkdtemp(path.join(tmpdir(), 'bsns-bench-'));
  const removeScratch = () => rm(scratchDir, { recursive: true, force: true });
  const opened = await openBenchDatabases(config, scratchDir, log).catch(async (error: unknown) => {
    await removeScratch();
    throw error;
  });
  // Ctrl-C still drops the bench databases, stops the embedded cluster and removes the temp dir.
  process.once('SIGINT', () => void opened.close().then(removeScratch).finally(() => process.exit(130)));

  const machine = describeMachine(opened.databases.serverVersion, opened.databases.backend);
  log(`${formatMachine(machine)}\n${formatSettings(options.load, config.poolMax)}\n`);
  const results: BenchmarkResult[] = [];
  const failures: { name: string; error: string }[] = [];
  try {
    for (const benchmark of selected) {
      log(`${benchmark.name}: running`);
      try {
        const result = await benchmark.run({ databases: opened.databases, load: options.load, scratchDir, poolMax: config.poolMax, log });
        results.push(result);
        log(`\n${formatBenchmark(result)}\n`);
      } catch (error) {
        failures.push({ name: benchmark.name, error: (error as Error).message });
        log(`${benchmark.name}: FAILED — ${(error as Error).message}\n`);
      }
    }
  } finally {
    await opened.close();
    await removeScratch();
  }

  await writeReport(
    { startedAt, finishedAt: new Date().toISOString(), machine, load: options.load, poolMax: config.poolMax, benchmarks: results, failures },
    RESULT_FILE,
  );
  for (const result of results) {
    const headline = result.ratios[0]!;
    log(`${result.verdict.padEnd(12)} ${result.name}  ratio ${headline.value.toFixed(3)} ${headline.numerator} ÷ ${headline.denominator} (target ${goalSign(headline)} ${headline.target})`);
  }
  for (const failure of failures) log(`${'FAILED'.padEnd(12)} ${failure.name}`);
  log(`results written to bench/results/latest.json`);
  return failures.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(error instanceof ConfigError || error instanceof BenchUsageError ? error.message : String((error as Error)?.stack ?? error));
    process.exit(1);
  },
);
