import { Redis } from 'ioredis';
import { assertValidCount, assertValidRule, hashRateLimitKey, secondsUntil } from './rate-limit-key.js';
import type { RateLimiter, RateLimitResult, RateLimitRule } from './rate-limiter.js';

export interface RedisRateLimiterOptions {
  /** Namespace for every key; tests pass a unique one. Default `bsns:rl:`. */
  readonly keyPrefix?: string;
  /** Connection trouble (reconnects, refused connections); hits themselves reject and fail closed. */
  readonly onConnectionError?: (error: Error) => void;
}

// One round trip, run atomically by Redis: parallel hits on one key each see a distinct count.
// The window starts at the first hit. A key without a TTL (-1, e.g. after a manual PERSIST)
// gets one again, so a counter can never lock a key out forever.
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
`;

// HIT_SCRIPT counting ARGV[2] hits at once.
const TAKE_SCRIPT = HIT_SCRIPT.replace("redis.call('INCR', KEYS[1])", "redis.call('INCRBY', KEYS[1], ARGV[2])").replace('if count == 1 then', 'if count == tonumber(ARGV[2]) then');

type HitCommand = (key: string, windowMs: number) => Promise<[number, number]>;
type TakeCommand = (key: string, windowMs: number, count: number) => Promise<[number, number]>;
type HitPipeline = { bsnsRateLimitHit(key: string, windowMs: number): HitPipeline; exec(): Promise<[Error | null, unknown][] | null> };

/**
 * Fixed-window counters in Redis (`REDIS_URL`), shared by every server process.
 * Windows are measured by Redis's own clock (PEXPIRE/PTTL), not by the app's injected
 * `Clock`: moving a test clock does not move these windows.
 * Keys are `<prefix><rule.name>:<sha256(key)>`, so emails never sit in Redis in clear.
 */
export function createRedisRateLimiter(redisUrl: string, options: RedisRateLimiterOptions = {}): RateLimiter {
  const prefix = options.keyPrefix ?? 'bsns:rl:';
  const redis = new Redis(redisUrl, {
    // Fail a hit quickly while Redis is away instead of queueing it: the request fails closed.
    maxRetriesPerRequest: 1,
    connectTimeout: 5_000,
  });
  redis.on('error', (error: Error) => options.onConnectionError?.(error));
  redis.defineCommand('bsnsRateLimitHit', { numberOfKeys: 1, lua: HIT_SCRIPT });
  redis.defineCommand('bsnsRateLimitTake', { numberOfKeys: 1, lua: TAKE_SCRIPT });
  const hitCommand = (redis as unknown as { bsnsRateLimitHit: HitCommand }).bsnsRateLimitHit.bind(redis);
  const takeCommand = (redis as unknown as { bsnsRateLimitTake: TakeCommand }).bsnsRateLimitTake.bind(redis);

  const storageKey = (rule: RateLimitRule, key: string) => `${prefix}${rule.name}:${hashRateLimitKey(key)}`;

  return {
    async hit(rule, key): Promise<RateLimitResult> {
      assertValidRule(rule);
      const [count, ttlMs] = await hitCommand(storageKey(rule, key), rule.windowSeconds * 1000);
      return answer(rule, count, ttlMs);
    },
    // One pipeline: every script runs (each atomically) whatever the others answer, in one round trip.
    async hitAll(hits): Promise<RateLimitResult[]> {
      for (const { rule } of hits) assertValidRule(rule);
      const pipeline = redis.pipeline() as unknown as HitPipeline;
      for (const { rule, key } of hits) pipeline.bsnsRateLimitHit(storageKey(rule, key), rule.windowSeconds * 1000);
      const replies = await pipeline.exec();
      if (!replies || replies.length !== hits.length) throw new Error('rate-limit pipeline answered no replies');
      return hits.map(({ rule }, index) => {
        const [error, reply] = replies[index]!;
        if (error) throw error;
        const [count, ttlMs] = reply as [number, number];
        return answer(rule, count, ttlMs);
      });
    },
    async take(rule, key, count): Promise<RateLimitResult> {
      assertValidRule(rule);
      assertValidCount(count);
      const [total, ttlMs] = await takeCommand(storageKey(rule, key), rule.windowSeconds * 1000, count);
      return answer(rule, total, ttlMs);
    },
    async reset(rule, key) {
      assertValidRule(rule);
      await redis.del(storageKey(rule, key));
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

function answer(rule: RateLimitRule, count: number, ttlMs: number): RateLimitResult {
  const allowed = count <= rule.limit;
  const resetSeconds = secondsUntil(ttlMs);
  return { allowed, count, retryAfterSeconds: allowed ? 0 : resetSeconds, resetSeconds, resetMs: Math.max(0, ttlMs) };
}
