import { parseArgs } from 'node:util';
import type { LoadSettings } from './benchmark.js';

export interface BenchOptions {
  readonly only: string | undefined;
  readonly load: LoadSettings;
}

export const BENCH_USAGE = `Usage: npm run bench -- [--only <name>] [--duration <s>] [--rounds <n>] [--warmup <s>] [--connections <n>]
  --only <name>        run one benchmark (default: all)
  --duration <s>       seconds of load per measured round (default 5)
  --rounds <n>         measured rounds per target, alternating between targets (default 3)
  --warmup <s>         seconds of unmeasured load per target first (default 3)
  --connections <n>    concurrent HTTP connections (default 10)`;

/** Thrown on a bad command line; the message is meant for the operator, with the usage. */
export class BenchUsageError extends Error {
  override readonly name = 'BenchUsageError';
}

export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      only: { type: 'string' },
      duration: { type: 'string', default: '5' },
      rounds: { type: 'string', default: '3' },
      warmup: { type: 'string', default: '3' },
      connections: { type: 'string', default: '10' },
    },
  });
  return {
    only: values.only,
    load: {
      durationSeconds: positive('--duration', values.duration, { min: 1, max: 600 }),
      rounds: positive('--rounds', values.rounds, { min: 1, max: 50, integer: true }),
      warmupSeconds: positive('--warmup', values.warmup, { min: 0, max: 600 }),
      connections: positive('--connections', values.connections, { min: 1, max: 1000, integer: true }),
    },
  };
}

function positive(flag: string, raw: string, limits: { min: number; max: number; integer?: boolean }): number {
  const value = Number(raw);
  const valid = Number.isFinite(value) && value >= limits.min && value <= limits.max && (!limits.integer || Number.isInteger(value));
  if (!valid) {
    throw new BenchUsageError(`${flag} must be ${limits.integer ? 'an integer' : 'a number'} from ${limits.min} to ${limits.max} (got "${raw}")`);
  }
  return value;
}
