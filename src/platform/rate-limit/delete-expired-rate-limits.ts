import type { Clock } from '../clock.js';
import type { IdentityDb } from '../db/index.js';

const BATCH_SIZE = 5_000;

/**
 * Deletes counters whose window has ended (PostgreSQL backend only; Redis expires its own keys).
 * An expired row is already ignored by the next hit, so this only keeps the table small.
 * Works in batches so a large sweep never holds many row locks at once. Returns rows deleted.
 */
export async function deleteExpiredRateLimits(identityDb: IdentityDb, clock: Clock): Promise<number> {
  const now = clock.now();
  let deleted = 0;
  for (;;) {
    const result = await identityDb.query(
      `DELETE FROM rate_limit_counters WHERE ctid IN (
         SELECT ctid FROM rate_limit_counters WHERE window_ends_at <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED)`,
      [now, BATCH_SIZE],
    );
    deleted += result.rowCount ?? 0;
    if ((result.rowCount ?? 0) < BATCH_SIZE) return deleted;
  }
}
