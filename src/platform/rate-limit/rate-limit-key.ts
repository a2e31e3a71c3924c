import { createHash } from 'node:crypto';
import type { RateLimitRule } from './rate-limiter.js';

/**
 * The stored form of a limiter key: its SHA-256, hex. Keys are emails and client addresses,
 * so the stores hold only digests. This is pseudonymisation, not secrecy: anyone holding a
 * candidate email can hash it and look it up, which is also how an operator clears a lockout.
 */
export function hashRateLimitKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Refuses a malformed rule loudly: a zero limit or window would lock everyone out or no one. */
export function assertValidRule(rule: RateLimitRule): void {
  if (!/^[a-z0-9][a-z0-9:._-]{0,99}$/.test(rule.name)) {
    throw new TypeError(`Rate-limit rule name must be 1-100 of [a-z0-9:._-]: ${JSON.stringify(rule.name)}`);
  }
  if (!Number.isSafeInteger(rule.limit) || rule.limit < 1) {
    throw new TypeError(`Rate-limit rule ${rule.name}: limit must be a positive integer`);
  }
  if (!Number.isSafeInteger(rule.windowSeconds) || rule.windowSeconds < 1) {
    throw new TypeError(`Rate-limit rule ${rule.name}: windowSeconds must be a positive integer`);
  }
}

/** Whole seconds until a window ends, never below 1, for a `Retry-After` header. */
export function secondsUntil(windowEndsInMs: number): number {
  return Math.max(1, Math.ceil(windowEndsInMs / 1000));
}

/** How many hits one `take` may count at once: a positive integer, far below the counter's top. */
export function assertValidCount(count: number): void {
  if (!Number.isSafeInteger(count) || count < 1 || count > 1_000_000) throw new TypeError(`Rate-limit take: count must be an integer from 1 to 1000000, not ${count}`);
}
