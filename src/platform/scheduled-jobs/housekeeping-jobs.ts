import { makeAuditCheckpoint } from '../audit/audit-checkpoints.js';
import type { Clock } from '../clock.js';
import type { Keyring } from '../crypto/index.js';
import type { IdentityDb } from '../db/index.js';
import { deleteExpiredRateLimits } from '../rate-limit/index.js';
import type { ScheduledJob } from './scheduled-job.js';

const MINUTE = 60_000;

/** The platform's housekeeping, each under the dead-man's switch (docs/operations/scheduled-jobs.md). */
export function housekeepingJobs(deps: { readonly identityDb: IdentityDb; readonly clock: Clock; readonly keyring: Keyring }): ScheduledJob[] {
  return [
    {
      name: 'rate-limits.delete-expired',
      intervalMs: 10 * MINUTE,
      graceMs: 10 * MINUTE,
      run: async () => void (await deleteExpiredRateLimits(deps.identityDb, deps.clock)),
    },
    {
      // A signed tree head every hour: a later cut of the log's tail shows against it. An
      // unchanged head signs nothing new. Copies outside the database: docs/operations/audit.md.
      name: 'audit.checkpoint',
      intervalMs: 60 * MINUTE,
      graceMs: 30 * MINUTE,
      run: async () => void (await makeAuditCheckpoint({ db: deps.identityDb, keyring: deps.keyring, clock: deps.clock })),
    },
  ];
}
