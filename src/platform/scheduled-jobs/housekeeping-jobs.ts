import type { Clock } from '../clock.js';
import type { IdentityDb } from '../db/index.js';
import { deleteExpiredRateLimits } from '../rate-limit/index.js';
import type { ScheduledJob } from './scheduled-job.js';

const MINUTE = 60_000;

/** The platform's housekeeping, each under the dead-man's switch (docs/operations/scheduled-jobs.md). */
export function housekeepingJobs(deps: { readonly identityDb: IdentityDb; readonly clock: Clock }): ScheduledJob[] {
  return [
    {
      name: 'rate-limits.delete-expired',
      intervalMs: 10 * MINUTE,
      graceMs: 10 * MINUTE,
      run: async () => void (await deleteExpiredRateLimits(deps.identityDb, deps.clock)),
    },
  ];
}
