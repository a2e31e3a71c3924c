import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hashRateLimitKey } from './rate-limit-key.js';
import { describeRateLimiterContract } from './rate-limiter.contract.js';
import { createRedisRateLimiter } from './redis-rate-limiter.js';

// The machine's real Redis (CI starts it); never a mock, since atomicity is what is under test.
const REDIS_URL = inject('testRedisUrl');

let admin: Redis;
beforeAll(() => {
  admin = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
});
afterAll(async () => {
  await admin.quit();
});

async function keysUnder(prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await admin.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  return keys;
}

describeRateLimiterContract('Redis', async () => {
  const prefix = `bsns:test:${randomUUID()}:rl:`;
  const limiter = createRedisRateLimiter(REDIS_URL, { keyPrefix: prefix });
  return {
    limiter,
    // Windows run on Redis's clock, which a test cannot move: wait for Redis to expire the key,
    // polling with a bound instead of sleeping a fixed time.
    async letWindowPass(rule, key) {
      const storageKey = `${prefix}${rule.name}:${hashRateLimitKey(key)}`;
      const deadline = Date.now() + (rule.windowSeconds + 2) * 1000;
      while ((await admin.exists(storageKey)) === 1) {
        if (Date.now() > deadline) throw new Error(`Redis did not expire ${storageKey}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    storedKeys: (rule) => keysUnder(`${prefix}${rule.name}:`),
    async close() {
      const keys = await keysUnder(prefix);
      if (keys.length > 0) await admin.del(...keys);
      await limiter.close();
    },
  };
});

describe('Redis rate limiter specifics', () => {
  it('namespaces keys as bsns:rl:<rule>:<sha256> by default and sets the window as the TTL', async () => {
    const limiter = createRedisRateLimiter(REDIS_URL);
    const rule = { name: `test:${randomUUID().slice(0, 12)}`, limit: 1, windowSeconds: 60 };
    const storageKey = `bsns:rl:${rule.name}:${hashRateLimitKey('grace@example.com')}`;
    try {
      await limiter.hit(rule, 'grace@example.com');
      const ttl = await admin.pttl(storageKey);
      expect(ttl).toBeGreaterThan(55_000);
      expect(ttl).toBeLessThanOrEqual(60_000);
    } finally {
      await admin.del(storageKey);
      await limiter.close();
    }
  });

  it('gives a counter that lost its TTL a new one, so no key is locked out forever', async () => {
    const prefix = `bsns:test:${randomUUID()}:rl:`;
    const limiter = createRedisRateLimiter(REDIS_URL, { keyPrefix: prefix });
    const rule = { name: 'test:persisted', limit: 1, windowSeconds: 60 };
    const storageKey = `${prefix}${rule.name}:${hashRateLimitKey('heidi@example.com')}`;
    try {
      await admin.set(storageKey, '5');
      const result = await limiter.hit(rule, 'heidi@example.com');
      expect(result).toMatchObject({ allowed: false, count: 6 });
      expect(result.retryAfterSeconds).toBe(60);
      expect(await admin.pttl(storageKey)).toBeGreaterThan(0);
    } finally {
      await admin.del(storageKey);
      await limiter.close();
    }
  });

  it('fails a hit (closed) when Redis cannot be reached, instead of allowing it', async () => {
    const limiter = createRedisRateLimiter('redis://127.0.0.1:1');
    try {
      await expect(limiter.hit({ name: 'test:down', limit: 100, windowSeconds: 60 }, 'k')).rejects.toThrow();
    } finally {
      await limiter.close();
    }
  });
});
