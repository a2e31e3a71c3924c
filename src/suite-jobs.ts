import { pactCheckpointJob, pactLifecycleJob, pactUrlOf } from './apps/pact/index.js';
import type { Platform } from './platform/open-platform.js';
import { housekeepingJobs, type ScheduledJob } from './platform/scheduled-jobs/index.js';

/** Every scheduled job of the suite: the platform's housekeeping and the apps' own. */
export function suiteJobs(platform: Platform): ScheduledJob[] {
  return [...housekeepingJobs(platform), pactCheckpointJob(platform), pactLifecycleJob({ ...platform, pactUrl: pactUrlOf(platform.config) })];
}
