import { AppError } from '../errors/index.js';
import type { RateLimiter, RateLimitHit, RateLimitResult } from './rate-limiter.js';

export type { RateLimitHit } from './rate-limiter.js';

/**
 * Counts every hit, then refuses with `request.rate_limited` if any counter is over its limit.
 * All counters advance even when the first is already over: otherwise an attacker who is
 * locked out per address would stop spending their per-account budget, and the reverse.
 * `retryAfterSeconds` is the longest wait among the refusing counters.
 */
export async function enforceRateLimits(limiter: RateLimiter, hits: readonly RateLimitHit[]): Promise<readonly RateLimitResult[]> {
  // A store failure fails the request closed (the rejection propagates); it is never read as "allowed".
  const results = limiter.hitAll && hits.length > 1 ? await limiter.hitAll(hits) : await hitOneByOne(limiter, hits);
  const refused = results.filter((result) => !result.allowed);
  if (refused.length > 0) {
    const retryAfterSeconds = Math.max(...refused.map((result) => result.retryAfterSeconds));
    throw new AppError('request.rate_limited', undefined, { retryAfterSeconds });
  }
  return results;
}

async function hitOneByOne(limiter: RateLimiter, hits: readonly RateLimitHit[]): Promise<RateLimitResult[]> {
  const settled = await Promise.allSettled(hits.map(({ rule, key }) => limiter.hit(rule, key)));
  const failure = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failure) throw failure.reason;
  return settled.map((outcome) => (outcome as PromiseFulfilledResult<RateLimitResult>).value);
}
