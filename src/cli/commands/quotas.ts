import type { Command } from 'commander';
import { configFromProcess } from '../../config/index.js';
import { createLogger } from '../../platform/logging/logger.js';
import { openPlatform } from '../../platform/open-platform.js';
import { createQuotaOverrides, effectiveQuotas, isQuotaKey, setSubjectQuotas, type QuotaSubject } from '../../platform/quotas/index.js';
import { OperatorError } from '../operator-error.js';

interface SubjectOptions {
  readonly tenant?: string;
  readonly user?: string;
}

export function registerQuotasCommands(program: Command): void {
  const quotas = program.command('quotas').description('Quota limits of the installation, one tenant or one user (see docs/operations/quotas.md)');

  quotas
    .command('show')
    .description("Print the limits in force and where each comes from (default, BSNS_QUOTAS or a stored override)")
    .option('--tenant <id>', "one tenant's limits")
    .option('--user <id>', "one user's limits")
    .action((options: SubjectOptions) =>
      withOverrides(async (platform, overrides) => {
        const subject = subjectOf(options, false);
        if (subject) await assertSubjectExists(platform, subject);
        const lines = await effectiveQuotas(platform.config.quotas, overrides, subject);
        const width = Math.max(...lines.map((line) => line.key.length));
        for (const line of lines) console.log(`${line.key.padEnd(width)}  ${String(line.limit).padStart(12)}  ${line.source}`);
      }),
    );

  quotas
    .command('set')
    .description('Store limits for one tenant or user: `bsns quotas set --tenant <id> tenant.labels=5000 tenant.members=200`')
    .option('--tenant <id>', 'the tenant')
    .option('--user <id>', 'the user')
    .argument('<assignments...>', 'key=value pairs')
    .action((assignments: string[], options: SubjectOptions) =>
      withOverrides(async (platform, overrides) => {
        const subject = subjectOf(options, true)!;
        await assertSubjectExists(platform, subject);
        const values = await setSubjectQuotas(overrides, subject, assignments).catch((error: Error) => {
          throw new OperatorError(error.message);
        });
        console.log(`Stored for ${subject.kind} ${subject.id}: ${Object.entries(values).map(([key, value]) => `${key}=${value}`).join(', ')}`);
      }),
    );

  quotas
    .command('unset')
    .description("Remove stored limits of one tenant or user, back to the installation's")
    .option('--tenant <id>', 'the tenant')
    .option('--user <id>', 'the user')
    .argument('<keys...>', 'quota keys')
    .action((keys: string[], options: SubjectOptions) =>
      withOverrides(async (_platform, overrides) => {
        const subject = subjectOf(options, true)!;
        const unknown = keys.filter((key) => !isQuotaKey(key));
        if (unknown.length > 0) throw new OperatorError(`not quotas: ${unknown.join(', ')}`);
        await overrides.clear(subject.id, keys.filter(isQuotaKey));
        console.log(`Removed for ${subject.kind} ${subject.id}: ${keys.join(', ')}`);
      }),
    );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function subjectOf(options: SubjectOptions, required: boolean): QuotaSubject | undefined {
  if (options.tenant && options.user) throw new OperatorError('give --tenant or --user, not both');
  const subject: QuotaSubject | undefined = options.tenant ? { kind: 'tenant', id: options.tenant } : options.user ? { kind: 'user', id: options.user } : undefined;
  if (!subject && required) throw new OperatorError('give --tenant <id> or --user <id>');
  if (subject && !UUID.test(subject.id)) throw new OperatorError(`--${subject.kind} must be a lower-case UUID`);
  return subject;
}

async function assertSubjectExists(platform: Awaited<ReturnType<typeof openPlatform>>, subject: QuotaSubject): Promise<void> {
  const table = subject.kind === 'tenant' ? 'tenants' : 'users';
  const { rowCount } = await platform.identityDb.query(`SELECT 1 FROM ${table} WHERE id = $1`, [subject.id]);
  if (!rowCount) throw new OperatorError(`no ${subject.kind} ${subject.id}`);
}

async function withOverrides(work: (platform: Awaited<ReturnType<typeof openPlatform>>, overrides: ReturnType<typeof createQuotaOverrides>) => Promise<void>): Promise<void> {
  const platform = await openPlatform(configFromProcess(), createLogger('warn'));
  try {
    await work(platform, createQuotaOverrides(platform.identityDb));
  } finally {
    await platform.close();
  }
}
