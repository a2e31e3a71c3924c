import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestPlatform } from '../../../test/support/test-platform.js';
import { ManualClock } from '../clock.js';
import type { Platform } from '../open-platform.js';
import { deleteExpiredRateLimits } from './delete-expired-rate-limits.js';
import { createPostgresRateLimiter } from './postgres-rate-limiter.js';
import { describeRateLimiterContract } from './rate-limiter.contract.js';

let platform: Platform;
beforeAll(async () => {
  platform = await openTestPlatform();
});
afterAll(async () => {
  await platform.close();
});

describeRateLimiterContract('PostgreSQL', async () => {
  const clock = new ManualClock();
  return {
    limiter: createPostgresRateLimiter(platform.identityDb, { clock }),
    async letWindowPass(rule) {
      clock.advance(rule.windowSeconds * 1000);
    },
    async storedKeys(rule) {
      const { rows } = await platform.identityDb.query<{ key_hash: string }>('SELECT key_hash FROM rate_limit_counters WHERE rule_name = $1', [rule.name]);
      return rows.map((row) => row.key_hash);
    },
    async close() {},
  };
});

const rule = (limit: number, windowSeconds: number) => ({ name: `test:${randomUUID().slice(0, 12)}`, limit, windowSeconds });

describe('PostgreSQL rate limiter specifics', () => {
  it('measures the window with the injected clock, to the millisecond', async () => {
    const clock = new ManualClock(new Date('2031-05-01T12:00:00Z'));
    const limiter = createPostgresRateLimiter(platform.identityDb, { clock });
    const perAddress = rule(1, 60);
    await limiter.hit(perAddress, '203.0.113.5');
    clock.advance(30_000);
    expect(await limiter.hit(perAddress, '203.0.113.5')).toMatchObject({ allowed: false, count: 2, retryAfterSeconds: 30 });
    clock.advance(29_999);
    expect(await limiter.hit(perAddress, '203.0.113.5')).toMatchObject({ allowed: false, count: 3, retryAfterSeconds: 1 });
    clock.advance(1);
    expect(await limiter.hit(perAddress, '203.0.113.5')).toMatchObject({ allowed: true, count: 1, retryAfterSeconds: 0 });
  });

  it('sweeps expired windows and keeps live ones', async () => {
    // A clock far in the past, so the sweep cannot touch counters of tests running alongside.
    const clock = new ManualClock(new Date('1999-03-14T00:00:00Z'));
    const limiter = createPostgresRateLimiter(platform.identityDb, { clock });
    const shortRule = rule(5, 60);
    const longRule = rule(5, 3600);
    await limiter.hit(shortRule, 'ivan@example.com');
    await limiter.hit(longRule, 'ivan@example.com');
    clock.advance(60_000);

    expect(await deleteExpiredRateLimits(platform.identityDb, clock)).toBeGreaterThanOrEqual(1);
    const { rows } = await platform.identityDb.query<{ rule_name: string }>(
      'SELECT rule_name FROM rate_limit_counters WHERE rule_name = ANY($1)',
      [[shortRule.name, longRule.name]],
    );
    expect(rows.map((row) => row.rule_name)).toEqual([longRule.name]);
  });
});
