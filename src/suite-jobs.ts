import { pactCheckpointJob } from './apps/pact/chain/checkpoint-job.js';
import type { Platform } from './platform/open-platform.js';
import { housekeepingJobs, type ScheduledJob } from './platform/scheduled-jobs/index.js';

/** Every scheduled job of the suite: the platform's housekeeping and the apps' own. */
export function suiteJobs(platform: Platform): ScheduledJob[] {
  return [...housekeepingJobs(platform), pactCheckpointJob(platform)];
}
