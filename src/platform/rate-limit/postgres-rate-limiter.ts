import type { Clock } from '../clock.js';
import { systemClock } from '../clock.js';
import type { IdentityDb } from '../db/index.js';
import { assertValidCount, assertValidRule, hashRateLimitKey, secondsUntil } from './rate-limit-key.js';
import type { RateLimiter, RateLimitResult, RateLimitRule } from './rate-limiter.js';

export interface PostgresRateLimiterOptions {
  /** Source of "now" for window starts and ends; tests advance a ManualClock. */
  readonly clock?: Clock;
}

// One statement, so the row lock taken by ON CONFLICT serialises parallel hits on a key:
// each sees the count left by the one before, and none is lost. An expired window restarts
// at 1 in the same statement. The count stops at int4's top instead of failing the hit.
const HIT_SQL = `
  INSERT INTO rate_limit_counters AS c (rule_name, key_hash, count, window_ends_at)
  VALUES ($1, $2, 1, $4)
  ON CONFLICT (rule_name, key_hash) DO UPDATE SET
    count = CASE WHEN c.window_ends_at <= $3 THEN 1 ELSE LEAST(c.count, 2147483646) + 1 END,
    window_ends_at = CASE WHEN c.window_ends_at <= $3 THEN EXCLUDED.window_ends_at ELSE c.window_ends_at END
  RETURNING count, window_ends_at`;

// HIT_SQL counting $5 hits at once.
const TAKE_SQL = `
  INSERT INTO rate_limit_counters AS c (rule_name, key_hash, count, window_ends_at)
  VALUES ($1, $2, $5, $4)
  ON CONFLICT (rule_name, key_hash) DO UPDATE SET
    count = CASE WHEN c.window_ends_at <= $3 THEN $5 ELSE LEAST(c.count, 2147483647 - $5) + $5 END,
    window_ends_at = CASE WHEN c.window_ends_at <= $3 THEN EXCLUDED.window_ends_at ELSE c.window_ends_at END
  RETURNING count, window_ends_at`;

// HIT_SQL for several keys in one statement. The same (rule, key) twice counts twice. Rows are
// upserted in key order, so two requests hitting the same counters lock them in the same order
// and never deadlock.
const HIT_ALL_SQL = `
  INSERT INTO rate_limit_counters AS c (rule_name, key_hash, count, window_ends_at)
  SELECT rule_name, key_hash, count(*)::int, max(window_ends_at)
  FROM unnest($1::text[], $2::text[], $4::timestamptz[]) AS hit (rule_name, key_hash, window_ends_at)
  GROUP BY rule_name, key_hash
  ORDER BY rule_name, key_hash
  ON CONFLICT (rule_name, key_hash) DO UPDATE SET
    count = CASE WHEN c.window_ends_at <= $3 THEN EXCLUDED.count ELSE LEAST(c.count, 2147483647 - EXCLUDED.count) + EXCLUDED.count END,
    window_ends_at = CASE WHEN c.window_ends_at <= $3 THEN EXCLUDED.window_ends_at ELSE c.window_ends_at END
  RETURNING rule_name, key_hash, count, window_ends_at`;

interface CounterRow {
  rule_name: string;
  key_hash: string;
  count: number;
  window_ends_at: Date;
}

/**
 * Fixed-window counters in the identity database, for installs without Redis.
 * Time comes from the injected clock (the app's, not the database server's).
 */
export function createPostgresRateLimiter(identityDb: IdentityDb, options: PostgresRateLimiterOptions = {}): RateLimiter {
  const clock = options.clock ?? systemClock;
  return {
    async hit(rule, key): Promise<RateLimitResult> {
      assertValidRule(rule);
      const now = clock.now();
      const windowEnd = new Date(now.getTime() + rule.windowSeconds * 1000);
      const { rows } = await identityDb.query<{ count: number; window_ends_at: Date }>(HIT_SQL, [
        rule.name,
        hashRateLimitKey(key),
        now,
        windowEnd,
      ]);
      const row = rows[0];
      if (!row) throw new Error('rate-limit upsert returned no row');
      return answer(rule, row, now);
    },
    async hitAll(hits): Promise<RateLimitResult[]> {
      for (const { rule } of hits) assertValidRule(rule);
      const now = clock.now();
      const keyHashes = hits.map(({ key }) => hashRateLimitKey(key));
      const { rows } = await identityDb.query<CounterRow>(HIT_ALL_SQL, [
        hits.map(({ rule }) => rule.name),
        keyHashes,
        now,
        hits.map(({ rule }) => new Date(now.getTime() + rule.windowSeconds * 1000)),
      ]);
      const counters = new Map(rows.map((row) => [`${row.rule_name}:${row.key_hash}`, row]));
      return hits.map(({ rule }, index) => {
        const row = counters.get(`${rule.name}:${keyHashes[index]!}`);
        if (!row) throw new Error('rate-limit upsert returned no row');
        return answer(rule, row, now);
      });
    },
    async take(rule, key, count): Promise<RateLimitResult> {
      assertValidRule(rule);
      assertValidCount(count);
      const now = clock.now();
      const windowEnd = new Date(now.getTime() + rule.windowSeconds * 1000);
      const { rows } = await identityDb.query<{ count: number; window_ends_at: Date }>(TAKE_SQL, [rule.name, hashRateLimitKey(key), now, windowEnd, count]);
      const row = rows[0];
      if (!row) throw new Error('rate-limit upsert returned no row');
      return answer(rule, row, now);
    },
    async reset(rule, key) {
      assertValidRule(rule);
      await identityDb.query('DELETE FROM rate_limit_counters WHERE rule_name = $1 AND key_hash = $2', [rule.name, hashRateLimitKey(key)]);
    },
    // The identity pool belongs to the platform, which closes it.
    async close() {},
  };
}

function answer(rule: RateLimitRule, row: { count: number; window_ends_at: Date }, now: Date): RateLimitResult {
  const allowed = row.count <= rule.limit;
  const resetMs = Math.max(0, row.window_ends_at.getTime() - now.getTime());
  const resetSeconds = secondsUntil(resetMs);
  return { allowed, count: row.count, retryAfterSeconds: allowed ? 0 : resetSeconds, resetSeconds, resetMs };
}
