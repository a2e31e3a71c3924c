import type { LoadSettings, RoundResult, TargetResult } from './benchmark.js';
import type { CpuProbe, CpuSpent } from './cpu-probe.js';
import { driveLoad, type LoadSample, type LoadTarget } from './drive-load.js';

export interface MeasureOptions {
  readonly load: LoadSettings;
  readonly log: (line: string) => void;
  /** Adds CPU per request to each round when given. */
  readonly cpu?: CpuProbe;
}

/**
 * Warms every target, then measures them in rounds whose order flips each time (A B C, C B A, …),
 * so drift in the machine — CPU boost, a neighbour's load, autovacuum — lands on every target
 * instead of biasing one. Medians resist the odd outlier round.
 */
export async function measureTargets(targets: readonly LoadTarget[], { load, log, cpu }: MeasureOptions): Promise<TargetResult[]> {
  if (load.warmupSeconds > 0) {
    for (const target of targets) {
      log(`  warm-up   ${target.name} (${load.warmupSeconds} s)`);
      await driveLoad(target, { durationSeconds: load.warmupSeconds, connections: load.connections });
    }
  }

  const rounds = new Map<LoadTarget, RoundResult[]>(targets.map((target) => [target, []]));
  for (let round = 1; round <= load.rounds; round++) {
    const order = round % 2 === 1 ? targets : [...targets].reverse();
    for (const target of order) {
      const drive = () => driveLoad(target, { durationSeconds: load.durationSeconds, connections: load.connections });
      const { result: sample, cpu: spent } = cpu ? await cpu.measure(drive) : { result: await drive(), cpu: null };
      rounds.get(target)!.push({ round, ...sample, ...perRequest(spent, sample) });
      log(`  round ${round}/${load.rounds} ${target.name}: ${Math.round(sample.requestsPerSecond)} req/s, p50 ${sample.latencyP50Ms} ms, p99 ${sample.latencyP99Ms} ms`);
    }
  }
  return targets.map((target) => summarise(target, rounds.get(target)!));
}

/** A target's rounds and their medians. */
export function summarise(target: { readonly name: string; readonly description: string }, rounds: RoundResult[]): TargetResult {
  return {
    name: target.name,
    description: target.description,
    rounds: [...rounds].sort((a, b) => a.round - b.round),
    medianRequestsPerSecond: median(rounds.map((round) => round.requestsPerSecond)),
    medianLatencyP50Ms: median(rounds.map((round) => round.latencyP50Ms)),
    medianLatencyP99Ms: median(rounds.map((round) => round.latencyP99Ms)),
    medianServerCpuMicrosPerRequest: medianOrNull(rounds.map((round) => round.serverCpuMicrosPerRequest)),
    medianPostgresCpuMicrosPerRequest: medianOrNull(rounds.map((round) => round.postgresCpuMicrosPerRequest)),
  };
}

export function perRequest(spent: CpuSpent | null, sample: Pick<LoadSample, 'requests'>) {
  const micros = (seconds: number | null | undefined) => (seconds === null || seconds === undefined ? null : (seconds * 1e6) / sample.requests);
  return { serverCpuMicrosPerRequest: micros(spent?.serverSeconds), postgresCpuMicrosPerRequest: micros(spent?.postgresSeconds) };
}

function medianOrNull(values: readonly (number | null)[]): number | null {
  return values.some((value) => value === null) ? null : median(values as number[]);
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
