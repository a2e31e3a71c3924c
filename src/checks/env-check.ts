import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, ENV_MANIFEST, type EnvVar } from '../config/index.js';
import type { CheckFinding, CheckReport } from './check-report.js';
import { ENV_EXAMPLE_FILE, ENV_TABLE_END, ENV_TABLE_START, README_FILE, renderEnvExample, renderEnvTable } from './env-docs.js';
import { compareKeyFingerprints } from './key-fingerprints.js';

export interface EnvCheckOptions {
  readonly rootDir: string;
  readonly manifest?: readonly EnvVar[];
  /** Names of the variables set in the environment under check (names only: values may be secret). */
  readonly envNames: readonly string[];
  /** Parses that environment as boot does; a ConfigError becomes one finding per problem. */
  readonly validate: () => unknown;
  /** Fingerprints of the configured keys, once the crypto module provides them. */
  readonly keyFingerprints?: ReadonlyMap<string, string>;
}

/** Prefixes of bsns's own variables: a set name with one of them that the manifest lacks is likely a typo. */
const BSNS_PREFIXES = ['BSNS_', 'IDENTITY_', 'BUSINESS_', 'DATABASE_'];

/** Variables with a bsns prefix that are read outside the application, each with who reads it. */
const KNOWN_OUTSIDE_MANIFEST: Readonly<Record<string, string>> = {
  BSNS_TEST_DATABASE_ADMIN_URL: 'the test harness (test/global-setup.ts), never the suite',
  BSNS_TEST_REDIS_URL: 'the Redis tests, never the suite',
};

const FIX = 'run `npm run docs:env`';

/**
 * The manifest is the one list of variables (issue 2, item 2). This check keeps `.env.example`
 * and the README table generated from it, flags set variables the manifest does not know
 * (typos that would otherwise be ignored silently), and validates the environment as boot does.
 */
export async function checkEnv(options: EnvCheckOptions): Promise<CheckReport> {
  const manifest = options.manifest ?? ENV_MANIFEST;
  const known = new Set(manifest.map((variable) => variable.name));
  const findings: CheckFinding[] = [];
  const notes: string[] = [];

  const example = await readFile(path.join(options.rootDir, ENV_EXAMPLE_FILE), 'utf8').catch(() => null);
  if (example === null) {
    findings.push({ rule: 'env-example', location: ENV_EXAMPLE_FILE, message: `missing: ${FIX}` });
  } else {
    findings.push(...compareNames(namesIn(example, /^#?([A-Z][A-Z0-9_]*)=/gm), known, ENV_EXAMPLE_FILE));
    if (example !== renderEnvExample(manifest)) {
      findings.push({ rule: 'env-example', location: ENV_EXAMPLE_FILE, message: `differs from the manifest (descriptions, examples or order): ${FIX}` });
    }
  }

  const readme = await readFile(path.join(options.rootDir, README_FILE), 'utf8').catch(() => null);
  const start = readme?.indexOf(ENV_TABLE_START) ?? -1;
  const end = readme?.indexOf(ENV_TABLE_END) ?? -1;
  if (readme === null || start === -1 || end < start) {
    findings.push({ rule: 'env-readme', location: README_FILE, message: `has no variables table between ${ENV_TABLE_START} and ${ENV_TABLE_END}: ${FIX}` });
  } else {
    const table = readme.slice(start, end + ENV_TABLE_END.length);
    findings.push(...compareNames(namesIn(table, /^\| `([A-Z][A-Z0-9_]*)` \|/gm), known, README_FILE));
    if (table !== renderEnvTable(manifest)) {
      findings.push({ rule: 'env-readme', location: README_FILE, message: `variables table differs from the manifest: ${FIX}` });
    }
  }

  for (const name of options.envNames) {
    if (known.has(name) || name in KNOWN_OUTSIDE_MANIFEST) continue;
    const guess = closest(name, [...known]);
    if (!guess && !BSNS_PREFIXES.some((prefix) => name.startsWith(prefix))) continue;
    findings.push({
      rule: 'env-unknown',
      location: 'environment',
      message: `${name} is set but bsns does not read it${guess ? `: did you mean ${guess}?` : ' (not in src/config/manifest.ts)'}`,
    });
  }

  try {
    options.validate();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) findings.push({ rule: 'env-invalid', location: 'environment', message: problem });
  }

  const keys = await compareKeyFingerprints(options.rootDir, options.keyFingerprints);
  findings.push(...keys.findings);
  notes.push(`${manifest.length} variables in the manifest`, ...keys.notes);
  return { check: 'env', findings, notes };
}

function compareNames(documented: string[], known: ReadonlySet<string>, location: string): CheckFinding[] {
  const listed = new Set(documented);
  return [
    ...[...known].filter((name) => !listed.has(name)).map((name) => ({ rule: 'env-undocumented', location, message: `${name} is in the manifest but missing here: ${FIX}` })),
    ...documented.filter((name) => !known.has(name)).map((name) => ({ rule: 'env-unknown', location, message: `${name} is documented here but not in the manifest: ${FIX}` })),
  ];
}

function namesIn(text: string, pattern: RegExp): string[] {
  return [...text.matchAll(pattern)].map((match) => match[1]!);
}

/**
 * The manifest name nearest to a typo (`BUSINES_DATABASE_URL`), if it is near enough to be the
 * intended one. Short names are left out: `HOST` is two edits from `PORT` and from many others.
 */
function closest(name: string, candidates: string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const candidate of candidates.filter((known) => known.length >= 8)) {
    const distance = editDistance(name, candidate);
    if (distance <= 2 && (!best || distance < best.distance)) best = { name: candidate, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
