/** A named limit: at most `limit` hits per `windowSeconds` for one key. */
export interface RateLimitRule {
  /** Stable name of the action (`sign-in:account`), never a request path, so path variants share it. */
  readonly name: string;
  readonly limit: number;
  readonly windowSeconds: number;
}

export interface RateLimitResult {
  readonly allowed: boolean;
  /** Hits counted in the current window, including this one. */
  readonly count: number;
  /** 0 when allowed; otherwise whole seconds until the window ends (at least 1). */
  readonly retryAfterSeconds: number;
  /** Whole seconds until the current window ends (for the `RateLimit` header); absent from stores that cannot tell. */
  readonly resetSeconds?: number;
  /** The same in milliseconds, where the store can tell (lease lengths, budget-leases.ts). */
  readonly resetMs?: number;
}

/** One hit to count: a rule and the key it is counted under. */
export interface RateLimitHit {
  readonly rule: RateLimitRule;
  readonly key: string;
}

/**
 * Counts hits atomically in a shared store (Redis when `REDIS_URL` is set, PostgreSQL otherwise),
 * so parallel requests and several server processes share one counter per key.
 */
export interface RateLimiter {
  /** Counts one hit first and then answers, so concurrent attempts cannot all slip under the limit. */
  hit(rule: RateLimitRule, key: string): Promise<RateLimitResult>;
  /**
   * Counts several hits in one round trip to the store (one SQL statement, one Redis pipeline),
   * answering in the order given. Every hit is counted, whatever the others answer. A store
   * without it gets one `hit` per key, side by side.
   */
  hitAll?(hits: readonly RateLimitHit[]): Promise<RateLimitResult[]>;
  /**
   * Counts `count` hits at once and answers the counter as it stands after them (`allowed`: all
   * of them fit). It is how a process leases a slice of a budget (credential-budgets.ts) instead
   * of paying a round trip to the store for every request.
   */
  take(rule: RateLimitRule, key: string, count: number): Promise<RateLimitResult>;
  /** Clears a key (e.g. an account's failure counter after a successful sign-in). */
  reset(rule: RateLimitRule, key: string): Promise<void>;
  close(): Promise<void>;
}
