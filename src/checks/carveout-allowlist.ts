import { readFile } from 'node:fs/promises';
import type { CheckFinding } from './check-report.js';

/** Path of the allowlist, relative to the repository root. */
export const CARVEOUTS_FILE = 'src/checks/rls-carveouts.json';

/**
 * - `tenant-anchor`: no `tenant_id` because its primary key `id` is the tenant id; it stays under
 *   forced RLS, with every policy on `id`.
 * - `not-tenant-data`: holds no tenant rows and is not under tenant RLS; `runtimeAccess` is the
 *   most the runtime role may do with it (`none`, `read`, or `write`), checked against its grants.
 */
export type TableCarveOut =
  | { readonly table: string; readonly kind: 'tenant-anchor'; readonly reason: string }
  | { readonly table: string; readonly kind: 'not-tenant-data'; readonly runtimeAccess: RuntimeAccess; readonly reason: string };

export type RuntimeAccess = 'none' | 'read' | 'write';

/** A SECURITY DEFINER function, named `schema.name(argtypes)` as PostgreSQL formats the types. */
export interface DefinerCarveOut {
  readonly function: string;
  readonly reason: string;
}

export interface CarveOuts {
  readonly tables: readonly TableCarveOut[];
  readonly securityDefinerFunctions: readonly DefinerCarveOut[];
}

export interface ParsedCarveOuts {
  /** The well-formed entries; malformed ones are left out and reported in `problems`. */
  readonly carveOuts: CarveOuts;
  readonly problems: readonly CheckFinding[];
}

const RUNTIME_ACCESS = new Set(['none', 'read', 'write']);

/** Reads and validates the allowlist file. A missing or unparsable file is one problem, not a crash. */
export async function loadCarveOuts(file: string): Promise<ParsedCarveOuts> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return { carveOuts: { tables: [], securityDefinerFunctions: [] }, problems: [{ rule: 'carveout-file', message: `cannot read ${file}` }] };
  }
  return parseCarveOuts(text, file);
}

/** Validates allowlist text entry by entry, so one bad entry does not hide the others. */
export function parseCarveOuts(text: string, location: string): ParsedCarveOuts {
  const problems: CheckFinding[] = [];
  const problem = (message: string) => problems.push({ rule: 'carveout-entry', message, location });
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { carveOuts: { tables: [], securityDefinerFunctions: [] }, problems: [{ rule: 'carveout-file', message: `not valid JSON: ${(error as Error).message}`, location }] };
  }
  const root = isRecord(raw) ? raw : {};
  const tables: TableCarveOut[] = [];
  const seenTables = new Set<string>();
  for (const [index, entry] of arrayAt(root, 'tables', problem).entries()) {
    const name = isRecord(entry) && typeof entry.table === 'string' && entry.table ? entry.table : `tables[${index}]`;
    if (!isRecord(entry) || typeof entry.table !== 'string' || !entry.table) {
      problem(`${name} needs a "table" name`);
      continue;
    }
    if (!hasReason(entry)) problem(`table ${name} has no reason: say why it may be outside tenant RLS`);
    if (seenTables.has(name)) problem(`table ${name} is listed twice`);
    seenTables.add(name);
    if (entry.kind === 'tenant-anchor') {
      if (hasReason(entry)) tables.push({ table: name, kind: 'tenant-anchor', reason: String(entry.reason) });
    } else if (entry.kind === 'not-tenant-data') {
      if (typeof entry.runtimeAccess !== 'string' || !RUNTIME_ACCESS.has(entry.runtimeAccess)) {
        problem(`table ${name} needs "runtimeAccess": "none", "read" or "write"`);
      } else if (hasReason(entry)) {
        tables.push({ table: name, kind: 'not-tenant-data', runtimeAccess: entry.runtimeAccess as RuntimeAccess, reason: String(entry.reason) });
      }
    } else {
      problem(`table ${name} needs "kind": "tenant-anchor" or "not-tenant-data"`);
    }
  }
  const functions: DefinerCarveOut[] = [];
  for (const [index, entry] of arrayAt(root, 'securityDefinerFunctions', problem).entries()) {
    if (!isRecord(entry) || typeof entry.function !== 'string' || !entry.function) {
      problem(`securityDefinerFunctions[${index}] needs a "function" written schema.name(argtypes)`);
      continue;
    }
    if (!hasReason(entry)) problem(`function ${entry.function} has no reason: say why it must run as its owner`);
    else functions.push({ function: entry.function, reason: String(entry.reason) });
  }
  return { carveOuts: { tables, securityDefinerFunctions: functions }, problems };
}

function arrayAt(root: Record<string, unknown>, key: string, problem: (message: string) => void): unknown[] {
  const value = root[key];
  if (value === undefined) return [];
  if (Array.isArray(value)) return value;
  problem(`"${key}" must be an array`);
  return [];
}

function hasReason(entry: Record<string, unknown>): boolean {
  return typeof entry.reason === 'string' && entry.reason.trim().length > 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
