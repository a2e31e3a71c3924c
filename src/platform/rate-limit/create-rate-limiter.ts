import type { Clock } from '../clock.js';
import type { IdentityDb } from '../db/index.js';
import { createPostgresRateLimiter } from './postgres-rate-limiter.js';
import { createRedisRateLimiter } from './redis-rate-limiter.js';
import type { RateLimiter } from './rate-limiter.js';

export interface CreateRateLimiterOptions {
  /** `REDIS_URL`; when set, counters live in Redis and its clock measures windows. */
  readonly redisUrl: string | undefined;
  /** `REDIS_KEY_PREFIX`; counters live under `<prefix>rl:`. Default `bsns:`. */
  readonly redisKeyPrefix?: string;
  /** The fallback store when no Redis URL is configured. */
  readonly identityDb: IdentityDb;
  /** For the PostgreSQL backend only. */
  readonly clock?: Clock;
  readonly onConnectionError?: (error: Error) => void;
}

/** Redis when a URL is configured, otherwise the identity database. */
export function createRateLimiter(options: CreateRateLimiterOptions): RateLimiter {
  if (options.redisUrl) {
    return createRedisRateLimiter(options.redisUrl, { keyPrefix: `${options.redisKeyPrefix ?? 'bsns:'}rl:`, onConnectionError: options.onConnectionError });
  }
  return createPostgresRateLimiter(options.identityDb, { clock: options.clock });
}
