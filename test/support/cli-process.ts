import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ENV_MANIFEST } from '../../src/config/index.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = fileURLToPath(new URL('../../bin/bsns.mjs', import.meta.url));

// Whatever the test runner inherited must not steer the child: bsns's own variables, libpq's
// PG* defaults (node-postgres reads them) and NODE_ENV=test set by vitest.
const MANIFEST_NAMES = new Set<string>(ENV_MANIFEST.map((variable) => variable.name));
const INHERITED_AND_UNWANTED = (name: string) =>
  MANIFEST_NAMES.has(name) || /^(BSNS_|PG|VITEST|NODE_OPTIONS$)/.test(name) || name.includes('DATABASE');

/** The runner's environment without anything that configures bsns, plus `vars`. */
export function cliEnv(vars: Record<string, string>): Record<string, string> {
  const base = Object.entries(process.env).filter(([name, value]) => value !== undefined && !INHERITED_AND_UNWANTED(name));
  return { ...Object.fromEntries(base as Array<[string, string]>), ...vars };
}

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A running `bsns` process: its output so far and its exit. */
export interface CliProcess {
  readonly child: ChildProcess;
  output(): { stdout: string; stderr: string };
  readonly exited: Promise<CliResult>;
}

/** Spawns `node bin/bsns.mjs <args>` from the repository root with exactly `env`. */
export function spawnCli(args: readonly string[], env: Record<string, string>): CliProcess {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<CliResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, output: () => ({ stdout, stderr }), exited };
}

/** Runs a CLI command to its end. */
export async function runCli(args: readonly string[], env: Record<string, string>): Promise<CliResult> {
  return spawnCli(args, env).exited;
}

/**
 * Polls `GET /healthz` until it answers 200 and returns the seconds that took. Fails as soon
 * as the process exits, or after `timeoutMs`, with the process's output for the diagnosis.
 */
export async function waitForHealthy(cli: CliProcess, port: number, timeoutMs = 60_000): Promise<number> {
  const started = performance.now();
  let exitedEarly = false;
  void cli.exited.then(() => (exitedEarly = true));
  while (performance.now() - started < timeoutMs) {
    if (exitedEarly) throw new Error(`bsns exited before answering /healthz:\n${describe(cli)}`);
    const healthy = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2_000) }).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) return (performance.now() - started) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`/healthz did not answer within ${timeoutMs / 1000} s:\n${describe(cli)}`);
}

/** Sends SIGTERM (if still running) and waits for the exit. */
export async function stopCli(cli: CliProcess): Promise<CliResult> {
  if (cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill('SIGTERM');
  return cli.exited;
}

function describe(cli: CliProcess): string {
  const { stdout, stderr } = cli.output();
  return `--- stdout\n${stdout.slice(-4000)}\n--- stderr\n${stderr.slice(-4000)}`;
}
