import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestServer } from '../../../test/support/test-server.js';
import { openTestPlatform } from '../../../test/support/test-platform.js';
import { ManualClock } from '../clock.js';
import { AppError } from '../errors/index.js';
import type { Platform } from '../open-platform.js';
import { enforceRateLimits } from './enforce-rate-limits.js';
import { createPostgresRateLimiter } from './postgres-rate-limiter.js';
import type { RateLimiter } from './rate-limiter.js';

let platform: Platform;
beforeAll(async () => {
  platform = await openTestPlatform();
});
afterAll(async () => {
  await platform.close();
});

const rule = (limit: number, windowSeconds: number) => ({ name: `test:${randomUUID().slice(0, 12)}`, limit, windowSeconds });

describe('enforceRateLimits', () => {
  it('advances every counter even when one is already over, and reports the longest wait', async () => {
    const clock = new ManualClock();
    const limiter = createPostgresRateLimiter(platform.identityDb, { clock });
    const perAddress = rule(1, 60);
    const perAccount = rule(10, 900);
    const hits = [
      { rule: perAddress, key: '198.51.100.9' },
      { rule: perAccount, key: 'judy@example.com' },
    ];
    await enforceRateLimits(limiter, hits);

    const refusal = await enforceRateLimits(limiter, hits).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal).toMatchObject({ code: 'request.rate_limited', status: 429, details: { retryAfterSeconds: 60 } });
    // The per-account counter moved although the per-address one had already refused.
    expect((await limiter.hit(perAccount, 'judy@example.com')).count).toBe(3);

    // Once the account is over too, the longer of the two windows is the wait.
    for (let attempt = 0; attempt < 8; attempt++) await limiter.hit(perAccount, 'judy@example.com');
    await expect(enforceRateLimits(limiter, hits)).rejects.toMatchObject({ details: { retryAfterSeconds: 900 } });
  });

  it('fails closed when the store fails, after still counting the other hits', async () => {
    const counted: string[] = [];
    const flaky: RateLimiter = {
      async hit(hitRule) {
        if (hitRule.name === 'test:broken') throw new Error('store unavailable');
        counted.push(hitRule.name);
        return { allowed: true, count: 1, retryAfterSeconds: 0 };
      },
      async take() {
        throw new Error('enforceRateLimits never leases');
      },
      async reset() {},
      async close() {},
    };
    await expect(
      enforceRateLimits(flaky, [
        { rule: { name: 'test:broken', limit: 5, windowSeconds: 60 }, key: 'k' },
        { rule: { name: 'test:working', limit: 5, windowSeconds: 60 }, key: 'k' },
      ]),
    ).rejects.toThrow('store unavailable');
    expect(counted).toEqual(['test:working']);
  });

  it('answers 429 with a Retry-After header at the HTTP edge', async () => {
    const limiter = createPostgresRateLimiter(platform.identityDb, { clock: new ManualClock() });
    const perAddress = rule(1, 120);
    const server = await buildTestServer((app) => {
      app.post('/api/test/attempt', { config: { auth: 'public' } }, async () => {
        await enforceRateLimits(limiter, [{ rule: perAddress, key: 'shared' }]);
        return { ok: true };
      });
    });
    try {
      expect((await server.app.inject({ method: 'POST', url: '/api/test/attempt' })).statusCode).toBe(200);
      const refused = await server.app.inject({ method: 'POST', url: '/api/test/attempt' });
      expect(refused.statusCode).toBe(429);
      expect(refused.headers['retry-after']).toBe('120');
      expect(refused.json()).toEqual({
        error: { code: 'request.rate_limited', message: 'Too many attempts; try again later.', details: { retryAfterSeconds: 120 } },
      });
    } finally {
      await server.app.close();
    }
  });
});
