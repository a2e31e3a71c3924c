import { performance } from 'node:perf_hooks';
import type { LoadSettings, RoundResult, TargetResult } from './benchmark.js';
import type { CpuProbe } from './cpu-probe.js';
import { perRequest, summarise } from './measure-targets.js';

/** One operation measured back to back, one at a time: a latency, not a throughput, benchmark. */
export interface SequentialTarget {
  readonly name: string;
  readonly description: string;
  /** One operation; `index` counts every call of this target (warm-up included), for rotating inputs. */
  run(index: number): Promise<void>;
}

export interface MeasureSequentialOptions {
  readonly load: Pick<LoadSettings, 'durationSeconds' | 'rounds' | 'warmupSeconds'>;
  readonly log: (line: string) => void;
  readonly cpu?: CpuProbe;
}

/**
 * Runs each target's operation in a loop, one at a time, for `durationSeconds` per round, and
 * times every call. Same discipline as `measureTargets`: a warm-up per target, then rounds whose
 * order flips each time so drift lands on every target alike, and medians of the rounds.
 * Latencies are fractional milliseconds (autocannon's are whole ones, too coarse near 1.10).
 */
export async function measureSequential(targets: readonly SequentialTarget[], { load, log, cpu }: MeasureSequentialOptions): Promise<TargetResult[]> {
  const calls = new Map<SequentialTarget, number>(targets.map((target) => [target, 0]));
  const loop = async (target: SequentialTarget, seconds: number) => {
    const latencies: number[] = [];
    const started = performance.now();
    const deadline = started + seconds * 1000;
    do {
      const index = calls.get(target)!;
      calls.set(target, index + 1);
      const before = performance.now();
      await target.run(index);
      latencies.push(performance.now() - before);
    } while (performance.now() < deadline);
    return { latencies, seconds: (performance.now() - started) / 1000 };
  };

  if (load.warmupSeconds > 0) {
    for (const target of targets) {
      log(`  warm-up   ${target.name} (${load.warmupSeconds} s)`);
      await loop(target, load.warmupSeconds);
    }
  }

  const rounds = new Map<SequentialTarget, RoundResult[]>(targets.map((target) => [target, []]));
  for (let round = 1; round <= load.rounds; round++) {
    const order = round % 2 === 1 ? targets : [...targets].reverse();
    for (const target of order) {
      const drive = () => loop(target, load.durationSeconds);
      const { result, cpu: spent } = cpu ? await cpu.measure(drive) : { result: await drive(), cpu: null };
      const sorted = [...result.latencies].sort((a, b) => a - b);
      const sample = {
        requestsPerSecond: sorted.length / result.seconds,
        latencyP50Ms: percentile(sorted, 0.5),
        latencyP99Ms: percentile(sorted, 0.99),
        requests: sorted.length,
        durationSeconds: result.seconds,
      };
      rounds.get(target)!.push({ round, ...sample, ...perRequest(spent, sample) });
      log(`  round ${round}/${load.rounds} ${target.name}: p50 ${sample.latencyP50Ms.toFixed(2)} ms, p99 ${sample.latencyP99Ms.toFixed(2)} ms, ${sample.requests} calls`);
    }
  }
  return targets.map((target) => summarise(target, rounds.get(target)!));
}

/** Nearest-rank percentile of an ascending list. */
function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}
