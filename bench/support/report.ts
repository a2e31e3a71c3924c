import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BenchmarkResult, LoadSettings, RatioResult, TargetResult } from './benchmark.js';
import type { Machine } from './machine.js';

export interface BenchReport {
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly machine: Machine;
  readonly load: LoadSettings;
  readonly poolMax: number;
  readonly benchmarks: readonly BenchmarkResult[];
  /** Benchmarks that could not produce numbers, with why. */
  readonly failures: readonly { readonly name: string; readonly error: string }[];
}

export function formatMachine(machine: Machine): string {
  return [
    `machine   ${machine.cpuModel}, ${machine.cpuCores} cores, ${machine.memoryGiB} GiB, ${machine.platform}`,
    `software  Node ${machine.node}, PostgreSQL ${machine.postgres} (${machine.postgresBackend})`,
  ].join('\n');
}

export function formatSettings(load: LoadSettings, poolMax: number): string {
  return (
    `load      ${load.rounds} rounds × ${load.durationSeconds} s per target (alternating), ` +
    `${load.warmupSeconds} s warm-up each, ${load.connections} connections, pool max ${poolMax}`
  );
}

/** One benchmark as a table: every round and the medians per target, then the ratios. */
export function formatBenchmark(result: BenchmarkResult): string {
  const header = ['target', 'round', 'req/s', 'p50 ms', 'p99 ms', 'node µs/req', 'pg µs/req', 'requests', 'seconds'];
  const rows: string[][] = [];
  for (const target of result.targets) {
    for (const round of target.rounds) {
      rows.push([
        target.name,
        String(round.round),
        fixed(round.requestsPerSecond, 0),
        fixed(round.latencyP50Ms, 1),
        fixed(round.latencyP99Ms, 1),
        fixed(round.serverCpuMicrosPerRequest, 0),
        fixed(round.postgresCpuMicrosPerRequest, 0),
        String(round.requests),
        fixed(round.durationSeconds, 2),
      ]);
    }
    rows.push(medianRow(target));
  }
  const width = Math.max(...result.targets.map((target) => target.name.length));
  return [
    `${result.name} — ${result.description}`,
    `  data: ${result.dataSet}`,
    ...result.targets.map((target) => `  ${`${target.name}:`.padEnd(width + 1)} ${target.description}`),
    table(header, rows),
    ...result.ratios.map(formatRatio),
  ].join('\n');
}

function formatRatio(ratio: RatioResult): string {
  const verdict = ratio.target === null ? '' : `  target ${goalSign(ratio)} ${ratio.target}  ${ratio.verdict}`;
  const measure = ratio.measure ?? (ratio.goal === 'at-most' ? 'median p50 latency' : 'median req/s');
  return `  ratio ${fixed(ratio.value, 3)}  ${ratio.numerator} ÷ ${ratio.denominator} ${measure} (${ratio.label})${verdict}`;
}

/** `≥` for throughput targets, `≤` for latency targets. */
export function goalSign(ratio: Pick<RatioResult, 'goal'>): string {
  return ratio.goal === 'at-most' ? '≤' : '≥';
}

export async function writeReport(report: BenchReport, file: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
}

function medianRow(target: TargetResult): string[] {
  const requests = target.rounds.reduce((sum, round) => sum + round.requests, 0);
  const seconds = target.rounds.reduce((sum, round) => sum + round.durationSeconds, 0);
  return [
    target.name,
    'median',
    fixed(target.medianRequestsPerSecond, 0),
    fixed(target.medianLatencyP50Ms, 1),
    fixed(target.medianLatencyP99Ms, 1),
    fixed(target.medianServerCpuMicrosPerRequest, 0),
    fixed(target.medianPostgresCpuMicrosPerRequest, 0),
    String(requests),
    fixed(seconds, 2),
  ];
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => `  ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ')}`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

function fixed(value: number | null, digits: number): string {
  return value !== null && Number.isFinite(value) ? value.toFixed(digits) : '-';
}
