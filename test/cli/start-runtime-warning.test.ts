import { describe, expect, it } from 'vitest';
import { freePort } from '../../src/platform/db/free-port.js';
import { runtimeSupportWarning } from '../../src/platform/runtime-support.js';
import { cliEnv, spawnCli, stopCli, waitForHealthy } from '../support/cli-process.js';
import { testEnv } from '../support/test-platform.js';

// `bsns start` runs on whatever Node.js runs this test (CI's first pass is Node.js 20, its second
// Node.js 24) and on the real date, so the warning is checked against today's release schedule:
// Node.js 20 ended on 2026-04-30, Node.js 24 is supported until 2028-04-30.
const now = new Date();
const PAST_NODE_20 = now >= new Date('2026-04-30T00:00:00Z');
const WITHIN_NODE_24 = now < new Date('2028-04-30T00:00:00Z');

/** The log lines of the child (pino JSON on stdout) that say the runtime is past its end of life. */
function endOfLifeWarnings(stdout: string): Array<{ level: number; node: string; msg: string }> {
  return stdout
    .split('\n')
    .filter((line) => line.includes('reached end of life'))
    .map((line) => JSON.parse(line) as { level: number; node: string; msg: string });
}

describe('bsns start on its runtime', () => {
  it('logs one warning when the Node.js line is past its end of life, and none on a supported one', { timeout: 90_000 }, async () => {
    const expected = runtimeSupportWarning(process.version, now);
    if (process.version.startsWith('v20.') && PAST_NODE_20) expect(expected).toMatch(/^Node\.js v20\.\S+ reached end of life on 2026-04-30/);
    if (process.version.startsWith('v24.') && WITHIN_NODE_24) expect(expected).toBeNull();

    const port = await freePort();
    const cli = spawnCli(['start'], cliEnv(testEnv({ PORT: String(port), LOG_LEVEL: 'warn' })));
    try {
      await waitForHealthy(cli, port);
    } finally {
      const result = await stopCli(cli);
      expect(result.code, result.stderr).toBe(0);
    }
    const warnings = endOfLifeWarnings(cli.output().stdout);
    expect(warnings).toEqual(expected ? [expect.objectContaining({ level: 40, node: process.version, msg: expected })] : []);
  });
});
