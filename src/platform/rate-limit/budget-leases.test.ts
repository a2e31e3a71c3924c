import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestPlatform } from '../../../test/support/test-platform.js';
import { ManualClock } from '../clock.js';
import type { Platform } from '../open-platform.js';
import { BudgetLeases, leaseSize } from './budget-leases.js';
import { createPostgresRateLimiter } from './postgres-rate-limiter.js';
import { createRedisRateLimiter } from './redis-rate-limiter.js';
import type { RateLimiter, RateLimitRule } from './rate-limiter.js';

let platform: Platform;
beforeAll(async () => {
  platform = await openTestPlatform();
});
afterAll(async () => {
  await platform.close();
});

const rule = (limit: number, windowSeconds = 60): RateLimitRule => ({ name: `test:${randomUUID().slice(0, 12)}`, limit, windowSeconds });

/** The real store, with a count of the round trips each process makes to it. */
function counted(limiter: RateLimiter): { limiter: RateLimiter; takes: () => number } {
  let takes = 0;
  return {
    limiter: { ...limiter, take: (...args) => ((takes += 1), limiter.take(...args)) },
    takes: () => takes,
  };
}

const STORES: [string, (clock: ManualClock) => RateLimiter][] = [
  ['PostgreSQL', (clock) => createPostgresRateLimiter(platform.identityDb, { clock })],
  ['Redis', () => createRedisRateLimiter('redis://127.0.0.1:6379', { keyPrefix: `bsns:test:${randomUUID()}:rl:` })],
];

describe.each(STORES)('budget leases on %s', (_store, openStore) => {
  it('admit exactly the limit in one process under 200 parallel requests, with one round trip per lease', async () => {
    const clock = new ManualClock();
    const store = counted(openStore(clock));
    const budgets = new BudgetLeases(store.limiter, clock);
    const ceiling = rule(100);
    const results = await Promise.all(Array.from({ length: 200 }, () => budgets.consume(ceiling, 'session:a')));
    expect(results.filter((result) => result.allowed)).toHaveLength(100);
    // Leases of 2 for 100 admitted hits, and the refusals after the window filled cost nothing more.
    expect(store.takes()).toBeLessThanOrEqual(100 / leaseSize(ceiling) + 2);
    const refusal = results.find((result) => !result.allowed)!;
    expect(refusal.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    await store.limiter.close();
  });

  it('never let three processes past the ceiling together, and leave under 5% of it unused', async () => {
    const clock = new ManualClock();
    // Three processes: each its own leases, one shared counter in the store.
    const limiter = openStore(clock);
    const processes = [1, 2, 3].map(() => new BudgetLeases(limiter, clock));
    const ceiling = rule(300);
    const results = await Promise.all(Array.from({ length: 900 }, (_, index) => processes[index % 3]!.consume(ceiling, 'token:t')));
    const admitted = results.filter((result) => result.allowed).length;
    expect(admitted).toBeLessThanOrEqual(300);
    expect(admitted).toBeGreaterThanOrEqual(285);
    await limiter.close();
  });

  it('count each key on its own', async () => {
    const clock = new ManualClock();
    const limiter = openStore(clock);
    const budgets = new BudgetLeases(limiter, clock);
    const ceiling = rule(3);
    for (let hit = 0; hit < 3; hit++) expect((await budgets.consume(ceiling, 'one')).allowed).toBe(true);
    expect((await budgets.consume(ceiling, 'one')).allowed).toBe(false);
    expect((await budgets.consume(ceiling, 'two')).allowed).toBe(true);
    await limiter.close();
  });
});

describe('budget leases and the window', () => {
  it('give the budget back when the window ends, and no lease outlives its window', async () => {
    const clock = new ManualClock();
    const store = counted(createPostgresRateLimiter(platform.identityDb, { clock }));
    const budgets = new BudgetLeases(store.limiter, clock);
    const ceiling = rule(100, 60);
    expect((await budgets.consume(ceiling, 'k')).allowed).toBe(true);
    // The lease holds another hit, but its window is over: the next one asks the store again.
    clock.advance(60_000);
    const before = store.takes();
    const next = await budgets.consume(ceiling, 'k');
    expect(store.takes()).toBe(before + 1);
    expect(next).toMatchObject({ allowed: true, count: 1 });
  });

  it('remember a full window until it ends, then admit again', async () => {
    const clock = new ManualClock();
    const store = counted(createPostgresRateLimiter(platform.identityDb, { clock }));
    const budgets = new BudgetLeases(store.limiter, clock);
    const ceiling = rule(2, 60);
    await budgets.consume(ceiling, 'k');
    await budgets.consume(ceiling, 'k');
    expect((await budgets.consume(ceiling, 'k')).allowed).toBe(false);
    const takes = store.takes();
    for (let hit = 0; hit < 10; hit++) expect((await budgets.consume(ceiling, 'k')).allowed).toBe(false);
    expect(store.takes()).toBe(takes);
    clock.advance(60_000);
    expect((await budgets.consume(ceiling, 'k')).allowed).toBe(true);
  });
});

describe('budget leases when the store is down', () => {
  it('fail every request closed, parallel ones too, and leave no rejection unhandled', async () => {
    // A real client of a Redis that is not there: nothing listens on port 1.
    const limiter = createRedisRateLimiter('redis://127.0.0.1:1', { keyPrefix: `bsns:test:${randomUUID()}:rl:` });
    const budgets = new BudgetLeases(limiter);
    const ceiling = rule(100);
    // One key: the first asks the store, the others wait for that refill and then ask again.
    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => budgets.consume(ceiling, 'session:down')));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(Array(5).fill('rejected'));
    await limiter.close();
  });
});
