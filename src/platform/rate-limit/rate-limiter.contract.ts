import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashRateLimitKey } from './rate-limit-key.js';
import type { RateLimiter, RateLimitRule } from './rate-limiter.js';

/** One backend under test, fresh for each test. */
export interface RateLimiterBackend {
  readonly limiter: RateLimiter;
  /** Lets the current window of (rule, key) end: move a clock, or wait on the store's own clock. */
  letWindowPass(rule: RateLimitRule, key: string): Promise<void>;
  /** Every key the store holds for a rule, as stored. */
  storedKeys(rule: RateLimitRule): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * The behaviour both backends must share, so routes can rely on it whichever one runs.
 * Rule names are unique per test, so tests never share a counter.
 */
export function describeRateLimiterContract(backendName: string, openBackend: () => Promise<RateLimiterBackend>): void {
  describe(`RateLimiter contract: ${backendName}`, () => {
    let backend: RateLimiterBackend;
    beforeEach(async () => {
      backend = await openBackend();
    });
    afterEach(async () => {
      await backend.close();
    });

    const rule = (limit: number, windowSeconds = 60): RateLimitRule => ({
      name: `test:${randomUUID().slice(0, 12)}`,
      limit,
      windowSeconds,
    });

    it('counts hits up to the limit, then refuses with a retry time inside the window', async () => {
      const signIn = rule(3, 60);
      const results = [];
      for (let attempt = 0; attempt < 4; attempt++) results.push(await backend.limiter.hit(signIn, 'alice@example.com'));
      expect(results.map((result) => [result.allowed, result.count, result.retryAfterSeconds])).toEqual([
        [true, 1, 0],
        [true, 2, 0],
        [true, 3, 0],
        [false, 4, expect.any(Number)],
      ]);
      expect(results[3]!.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(results[3]!.retryAfterSeconds).toBeLessThanOrEqual(60);
    });

    it('counts 20 parallel hits on one key as exactly 20, and lets exactly `limit` through', async () => {
      const bruteForce = rule(5, 60);
      const results = await Promise.all(Array.from({ length: 20 }, () => backend.limiter.hit(bruteForce, 'victim@example.com')));
      expect(results.map((result) => result.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
      expect(results.filter((result) => result.allowed)).toHaveLength(5);
      expect((await backend.limiter.hit(bruteForce, 'victim@example.com')).count).toBe(21);
    });

    it('starts a new window once the old one has ended', async () => {
      const shortRule = rule(1, 1);
      expect((await backend.limiter.hit(shortRule, '198.51.100.7')).allowed).toBe(true);
      expect((await backend.limiter.hit(shortRule, '198.51.100.7')).allowed).toBe(false);
      await backend.letWindowPass(shortRule, '198.51.100.7');
      expect(await backend.limiter.hit(shortRule, '198.51.100.7')).toMatchObject({ allowed: true, count: 1, retryAfterSeconds: 0 });
    });

    it('reset clears the counter for that key only', async () => {
      const account = rule(1);
      await backend.limiter.hit(account, 'bob@example.com');
      await backend.limiter.hit(account, 'carol@example.com');
      expect((await backend.limiter.hit(account, 'bob@example.com')).allowed).toBe(false);
      await backend.limiter.reset(account, 'bob@example.com');
      expect(await backend.limiter.hit(account, 'bob@example.com')).toMatchObject({ allowed: true, count: 1, retryAfterSeconds: 0 });
      expect((await backend.limiter.hit(account, 'carol@example.com')).count).toBe(2);
    });

    it('keeps counters apart per rule and per key', async () => {
      const perAccount = rule(1);
      const perAddress = rule(1);
      await backend.limiter.hit(perAccount, 'dave@example.com');
      expect((await backend.limiter.hit(perAccount, 'dave@example.com')).allowed).toBe(false);
      expect((await backend.limiter.hit(perAddress, 'dave@example.com')).count).toBe(1);
      expect((await backend.limiter.hit(perAccount, 'erin@example.com')).count).toBe(1);
    });

    it('stores only a SHA-256 of the key, never the email itself', async () => {
      const account = rule(5);
      await backend.limiter.hit(account, 'frank@example.com');
      const stored = await backend.storedKeys(account);
      expect(stored).toHaveLength(1);
      expect(stored[0]).toContain(hashRateLimitKey('frank@example.com'));
      expect(stored.join('\n')).not.toContain('frank');
    });

    it('refuses a malformed rule instead of counting under it', async () => {
      await expect(backend.limiter.hit({ name: 'test:zero', limit: 0, windowSeconds: 60 }, 'k')).rejects.toThrow(TypeError);
      await expect(backend.limiter.hit({ name: 'test:nowindow', limit: 1, windowSeconds: 0 }, 'k')).rejects.toThrow(TypeError);
      await expect(backend.limiter.hit({ name: '/api/v1/Sign-In', limit: 1, windowSeconds: 60 }, 'k')).rejects.toThrow(TypeError);
      await expect(backend.limiter.hitAll!([{ rule: rule(1), key: 'k' }, { rule: { name: 'test:zero', limit: 0, windowSeconds: 60 }, key: 'k' }])).rejects.toThrow(TypeError);
    });

    it('hitAll counts every key in one call, in order, each on its own counter and window', async () => {
      const perAccount = rule(2, 900);
      const perAddress = rule(5, 60);
      await backend.limiter.hit(perAccount, 'gina@example.com');
      await backend.limiter.hit(perAccount, 'gina@example.com');
      const results = await backend.limiter.hitAll!([
        { rule: perAccount, key: 'gina@example.com' },
        { rule: perAddress, key: '203.0.113.5' },
      ]);
      expect(results.map((result) => [result.allowed, result.count])).toEqual([
        [false, 3],
        [true, 1],
      ]);
      // The refused counter did not stop the other one, and both agree with single hits.
      expect(results[0]!.retryAfterSeconds).toBeGreaterThan(60);
      expect((await backend.limiter.hit(perAddress, '203.0.113.5')).count).toBe(2);
      expect((await backend.limiter.hit(perAccount, 'gina@example.com')).count).toBe(4);
    });

    it('hitAll counts the same key twice as two hits', async () => {
      const twice = rule(1, 60);
      const results = await backend.limiter.hitAll!([
        { rule: twice, key: 'hank@example.com' },
        { rule: twice, key: 'hank@example.com' },
      ]);
      expect(results.some((result) => !result.allowed)).toBe(true);
      expect((await backend.limiter.hit(twice, 'hank@example.com')).count).toBe(3);
    });

    it('hitAll counts 20 parallel batches on the same keys exactly, without deadlock', async () => {
      const first = rule(5, 60);
      const second = rule(5, 60);
      const batches = Array.from({ length: 20 }, (_, index) =>
        backend.limiter.hitAll!(
          index % 2 ? [{ rule: first, key: 'ivy' }, { rule: second, key: 'ivy' }] : [{ rule: second, key: 'ivy' }, { rule: first, key: 'ivy' }],
        ),
      );
      const results = (await Promise.all(batches)).flat();
      expect(results.filter((result) => result.allowed)).toHaveLength(10);
      expect((await backend.limiter.hit(first, 'ivy')).count).toBe(21);
      expect((await backend.limiter.hit(second, 'ivy')).count).toBe(21);
    });

    it('take counts several hits at once, on the same counter and window as hit', async () => {
      const lease = rule(10, 60);
      expect(await backend.limiter.take(lease, 'jo', 4)).toMatchObject({ allowed: true, count: 4 });
      expect((await backend.limiter.hit(lease, 'jo')).count).toBe(5);
      const over = await backend.limiter.take(lease, 'jo', 6);
      expect([over.allowed, over.count, over.retryAfterSeconds > 0]).toEqual([false, 11, true]);
      const parallel = await Promise.all(Array.from({ length: 10 }, () => backend.limiter.take(lease, 'jo', 3)));
      expect(parallel.map((result) => result.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 10 }, (_, index) => 14 + 3 * index));
      await expect(backend.limiter.take(lease, 'jo', 0)).rejects.toThrow(TypeError);
    });

    it('take starts a new window once the old one has ended', async () => {
      const shortRule = rule(5, 1);
      expect((await backend.limiter.take(shortRule, 'kim', 5)).allowed).toBe(true);
      await backend.letWindowPass(shortRule, 'kim');
      expect(await backend.limiter.take(shortRule, 'kim', 2)).toMatchObject({ allowed: true, count: 2, retryAfterSeconds: 0 });
    });
  });
}
