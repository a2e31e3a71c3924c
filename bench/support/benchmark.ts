import type { DatabaseUrls } from '../../src/config/index.js';

/** How long and how hard each target is driven; the same for every benchmark of a run. */
export interface LoadSettings {
  /** Seconds of load per measured round. */
  readonly durationSeconds: number;
  /** Measured rounds per target; the targets alternate round by round. */
  readonly rounds: number;
  /** Seconds of unmeasured load per target before the first round. */
  readonly warmupSeconds: number;
  /** Concurrent keep-alive HTTP connections. */
  readonly connections: number;
}

/** The throw-away databases of one bench run. */
export interface BenchDatabases {
  readonly backend: 'server' | 'embedded';
  /** Superuser URL of the cluster (DATABASE_ADMIN_URL, or the embedded cluster's). */
  readonly adminUrl: string;
  /** The runtime and owner URLs of this run's freshly provisioned, migrated layout. */
  readonly urls: DatabaseUrls;
  readonly businessDatabase: string;
  readonly serverVersion: string;
}

export interface BenchContext {
  readonly databases: BenchDatabases;
  readonly load: LoadSettings;
  /** A private temp dir for this run (mailbox, embedded cluster); removed at the end. */
  readonly scratchDir: string;
  /** Connections per runtime pool, taken from DATABASE_POOL_MAX. */
  readonly poolMax: number;
  readonly log: (line: string) => void;
}

/** One measured round of one target. */
export interface RoundResult {
  readonly round: number;
  readonly requestsPerSecond: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  readonly requests: number;
  readonly durationSeconds: number;
  /** CPU of the server's main thread per response; null where it cannot be measured. */
  readonly serverCpuMicrosPerRequest: number | null;
  /** CPU of the PostgreSQL backends per response; null unless PostgreSQL runs on this Linux machine. */
  readonly postgresCpuMicrosPerRequest: number | null;
}

export interface TargetResult {
  readonly name: string;
  readonly description: string;
  readonly rounds: readonly RoundResult[];
  readonly medianRequestsPerSecond: number;
  readonly medianLatencyP50Ms: number;
  readonly medianLatencyP99Ms: number;
  readonly medianServerCpuMicrosPerRequest: number | null;
  readonly medianPostgresCpuMicrosPerRequest: number | null;
}

/** `BELOW TARGET` when a throughput ratio falls short, `ABOVE TARGET` when a latency ratio overshoots. */
export type Verdict = 'PASS' | 'BELOW TARGET' | 'ABOVE TARGET';

/** One target's median req/s over another's. */
export interface RatioResult {
  readonly label: string;
  readonly numerator: string;
  readonly denominator: string;
  readonly value: number;
  /** Only the headline ratio has a target; the others explain it. */
  readonly target: number | null;
  /** Whether the value must reach the target (`at-least`, the default: throughput) or stay under it (`at-most`: latency). */
  readonly goal?: 'at-least' | 'at-most';
  /** What was divided, when not the default of its goal (median req/s, median p50 latency). */
  readonly measure?: string;
  readonly verdict: Verdict | null;
}

export interface BenchmarkResult {
  readonly name: string;
  readonly description: string;
  /** What the data set looked like, e.g. "2 tenants × 50 labels". */
  readonly dataSet: string;
  readonly targets: readonly TargetResult[];
  /** The headline ratio first (it carries the target and the verdict), then explanatory ones. */
  readonly ratios: readonly RatioResult[];
  readonly verdict: Verdict;
}

/** A benchmark the runner can list, select with `--only <name>` and run. */
export interface Benchmark {
  readonly name: string;
  readonly description: string;
  run(context: BenchContext): Promise<BenchmarkResult>;
}
