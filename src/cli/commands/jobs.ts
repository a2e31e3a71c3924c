import type { Command } from 'commander';
import { listJobStatus, registerJobs } from '../../platform/scheduled-jobs/index.js';
import { suiteJobs } from '../../suite-jobs.js';
import { withPlatform } from '../with-platform.js';

/** `bsns jobs status`: each scheduled job's last run and whether the dead-man's switch has tripped. */
export function registerJobsCommands(program: Command): void {
  const jobs = program.command('jobs').description("Scheduled jobs under the dead-man's switch (see docs/operations/scheduled-jobs.md)");
  jobs
    .command('status')
    .description('Each job: interval, grace, last run and its outcome, when the next success is due, overdue or not')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) =>
      withPlatform(async (platform) => {
        // Registering here too lists a job even before any server has started its scheduler.
        await registerJobs({ db: platform.identityDb, clock: platform.clock }, suiteJobs(platform));
        const statuses = await listJobStatus(platform.identityDb, platform.clock);
        if (options.json) {
          console.log(JSON.stringify(statuses, null, 2));
        } else {
          for (const job of statuses) {
            const last = job.lastRun ? `${job.lastRun.outcome} at ${job.lastRun.startedAt.toISOString()}${job.lastRun.error ? ` (${job.lastRun.error})` : ''}` : 'never ran';
            console.log(`${job.overdue ? 'OVERDUE' : 'ok     '}  ${job.name}  every ${job.intervalSeconds}s, grace ${job.graceSeconds}s  last: ${last}  due: ${job.dueAt.toISOString()}`);
          }
        }
        if (statuses.some((job) => job.overdue)) process.exitCode = 2;
      }),
    );
}
