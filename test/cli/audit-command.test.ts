import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli } from '../support/cli-process.js';
import { testEnv } from '../support/test-platform.js';

let dir: string;
const bsns = (...args: string[]) => runCli(args, cliEnv(testEnv()));

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'bsns-audit-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('bsns audit', () => {
  it('writes a signed checkpoint and verifies the chain against it; a doctored copy fails', async () => {
    const file = path.join(dir, 'checkpoint.json');
    const made = await bsns('audit', 'checkpoint', '--out', file);
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    const checkpoint = JSON.parse(await readFile(file, 'utf8')) as { seq: number; head: string; signature: string; publicKeyPem: string };
    expect(checkpoint.head).toMatch(/^[0-9a-f]{64}$/);
    expect(checkpoint.publicKeyPem).toContain('BEGIN PUBLIC KEY');

    const verified = await bsns('audit', 'verify', '--checkpoint', file);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain('Audit log verified.');
    expect(verified.stdout).toMatch(/checkpoint saved seq \d+: ok/);

    const doctored = path.join(dir, 'doctored.json');
    await writeFile(doctored, JSON.stringify({ ...checkpoint, seq: checkpoint.seq + 1000 }));
    const refused = await bsns('audit', 'verify', '--checkpoint', doctored);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('its signature does not verify');
    expect(refused.stderr).toContain('Audit verification failed');
  });

  it('refuses a file that is not a checkpoint, with a message', async () => {
    const junk = path.join(dir, 'junk.json');
    await writeFile(junk, '{"hello": 1}');
    const result = await bsns('audit', 'verify', '--checkpoint', junk);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('is not a checkpoint');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});
