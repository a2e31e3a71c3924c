export interface ReadinessCheck {
  readonly name: string;
  check(): Promise<void>;
}

export interface ReadinessResult {
  readonly name: string;
  readonly ok: boolean;
  /** Why it failed, for the log only: never shown on a public page. */
  readonly error?: unknown;
}

/** Runs every readiness check at once, each bounded by `timeoutMs`: `/readyz` and the status page read it. */
export function checkReadiness(checks: readonly ReadinessCheck[], timeoutMs = 2_000): Promise<ReadinessResult[]> {
  return Promise.all(
    checks.map(async ({ name, check }) => {
      try {
        await withTimeout(check(), timeoutMs);
        return { name, ok: true };
      } catch (error) {
        return { name, ok: false, error };
      }
    }),
  );
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
