import { Option, type Command } from 'commander';
import type { Platform } from '../../platform/open-platform.js';
import {
  COMPONENT_STATES,
  INCIDENT_IMPACTS,
  INCIDENT_STATES,
  IncidentNotFoundError,
  openIncident,
  readStatus,
  resolveIncident,
  setComponent,
  updateIncident,
  type ComponentState,
  type IncidentImpact,
  type IncidentState,
} from '../../trust/status/index.js';
import { OperatorError } from '../operator-error.js';
import { withPlatform } from '../with-platform.js';

// One line of printable text: the page escapes it, but a control character has no place in a notice.
function oneLine(label: string, max: number) {
  return (value: string): string => {
    const text = value.trim();
    if (text.length === 0 || text.length > max || /[\p{Cc}\u2028\u2029]/u.test(text)) throw new OperatorError(`${label} must be 1 to ${max} printable characters on one line.`);
    return text;
  };
}

const INCIDENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
function incidentId(value: string): string {
  if (!INCIDENT_ID.test(value)) throw new OperatorError(`"${value}" is not an incident id: list them with \`bsns status incident list\`.`);
  return value;
}

/** `bsns status …`: the status page's components and incidents (docs/operations/status-page.md). */
export function registerStatusCommands(program: Command): void {
  const status = program.command('status').description('The public status page: components and incidents (see docs/operations/status-page.md)');
  const incident = status.command('incident').description('Open, update, resolve and list incidents');

  incident
    .command('open')
    .description('Open an incident with its first update; prints its id')
    .requiredOption('--title <text>', 'what is affected, as customers read it', oneLine('The title', 200))
    .requiredOption('--message <text>', 'the first update', oneLine('The message', 5000))
    .addOption(new Option('--impact <impact>', 'how bad').choices(INCIDENT_IMPACTS).default('minor'))
    .addOption(new Option('--state <state>', 'where the investigation stands').choices(INCIDENT_STATES.filter((state) => state !== 'resolved')).default('investigating'))
    .option('--component <id...>', 'affected component ids')
    .action((options: { title: string; message: string; impact: IncidentImpact; state: Exclude<IncidentState, 'resolved'>; component?: string[] }) =>
      withStatus(async (deps) => {
        const id = await openIncident(deps, { title: options.title, message: options.message, impact: options.impact, state: options.state, componentIds: options.component });
        console.log(id);
      }),
    );

  incident
    .command('update <id>')
    .description('Post an update to an open incident')
    .addOption(new Option('--state <state>', 'where the investigation stands').choices(INCIDENT_STATES).makeOptionMandatory())
    .requiredOption('--message <text>', 'the update', oneLine('The message', 5000))
    .action((id: string, options: { state: IncidentState; message: string }) => withStatus((deps) => updateIncident(deps, incidentId(id), options.state, options.message)));

  incident
    .command('resolve <id>')
    .description('Resolve an open incident with a last update')
    .requiredOption('--message <text>', 'the closing update', oneLine('The message', 5000))
    .action((id: string, options: { message: string }) => withStatus((deps) => resolveIncident(deps, incidentId(id), options.message)));

  incident
    .command('list')
    .description('Open incidents and those resolved in the last 30 days')
    .action(() =>
      withStatus(async (deps, platform) => {
        const report = await readStatus({ ...deps, readiness: platform.readiness });
        for (const item of [...report.active, ...report.resolved]) console.log(`${item.id}  ${item.state.padEnd(13)} ${item.impact.padEnd(11)} ${item.title}`);
      }),
    );

  status
    .command('component')
    .description('Components of the status page')
    .command('set <id> <state>')
    .description(`Create or change a component; state is one of ${COMPONENT_STATES.join(', ')}`)
    .option('--name <text>', 'the name shown on the page', oneLine('The name', 100))
    .option('--readiness <check>', 'a /readyz check that feeds it live (identity-database, business-database, …)')
    .option('--no-readiness', 'stop feeding it from a readiness check')
    .action((id: string, state: string, options: { name?: string; readiness?: string | false }) => {
      if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(id)) throw new OperatorError('A component id is 1 to 40 lower-case letters, digits and dashes.');
      if (!(COMPONENT_STATES as readonly string[]).includes(state)) throw new OperatorError(`The state must be one of ${COMPONENT_STATES.join(', ')}.`);
      // Commander sets `readiness: true` when neither flag is given.
      const readinessCheck = options.readiness === false ? null : typeof options.readiness === 'string' ? options.readiness : undefined;
      return withStatus((deps) => setComponent(deps, { id, state: state as ComponentState, name: options.name, readinessCheck }));
    });
}

async function withStatus(work: (deps: { db: Platform['identityDb']; clock: Platform['clock'] }, platform: Platform) => Promise<void>): Promise<void> {
  await withPlatform(async (platform) => {
    try {
      await work({ db: platform.identityDb, clock: platform.clock }, platform);
    } catch (error) {
      if (error instanceof IncidentNotFoundError) throw new OperatorError(error.message);
      throw error;
    }
  });
}
