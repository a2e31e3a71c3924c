import autocannon from 'autocannon';

/** One HTTP endpoint under load, with the requests autocannon cycles through on each connection. */
export interface LoadTarget {
  readonly name: string;
  readonly description: string;
  readonly url: string;
  readonly requests: readonly { readonly method: 'GET'; readonly path: string; readonly headers: Readonly<Record<string, string>> }[];
  /** The one status every answer must have; by default any 2xx (a launch answers 303). */
  readonly expectedStatus?: number;
}

export interface LoadSample {
  readonly requestsPerSecond: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  readonly requests: number;
  readonly durationSeconds: number;
}

/** Thrown when a target answered anything but 2xx: its numbers would measure an error path. */
export class LoadError extends Error {
  override readonly name = 'LoadError';
}

/**
 * Drives one target for `durationSeconds` over `connections` keep-alive connections.
 * autocannon runs in a worker thread so the load generator does not share the server's
 * event loop (in-process it would slow both targets alike and flatter the ratio).
 */
export async function driveLoad(target: LoadTarget, options: { durationSeconds: number; connections: number }): Promise<LoadSample> {
  const result = await autocannon({
    url: target.url,
    connections: options.connections,
    duration: options.durationSeconds,
    workers: 1,
    requests: target.requests.map((request) => ({ ...request, headers: { ...request.headers } })),
  });
  const unexpected =
    target.expectedStatus === undefined ? result.non2xx : result.requests.total - (result.statusCodeStats?.[`${target.expectedStatus}`]?.count ?? 0);
  const failures = unexpected + result.errors + result.timeouts;
  if (failures > 0) {
    const expected = target.expectedStatus === undefined ? 'non-2xx' : `non-${target.expectedStatus}`;
    throw new LoadError(
      `${target.name}: ${unexpected} ${expected} responses, ${result.errors} errors, ${result.timeouts} timeouts out of ${result.requests.total} requests`,
    );
  }
  return {
    // Total over wall time, not the mean of per-second samples, so a partial last second cannot skew it.
    requestsPerSecond: result.requests.total / result.duration,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    requests: result.requests.total,
    durationSeconds: result.duration,
  };
}
