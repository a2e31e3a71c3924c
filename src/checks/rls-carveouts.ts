import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { BusinessCatalog } from './business-catalog.js';
import type { CheckFinding, CheckReport } from './check-report.js';
import { CARVEOUTS_FILE, loadCarveOuts, parseCarveOuts, type CarveOuts, type TableCarveOut } from './carveout-allowlist.js';

export interface RlsCarveOutsOptions {
  readonly rootDir: string;
  /** The live catalog of a migrated business database: entries must name objects that exist. */
  readonly catalog: BusinessCatalog;
  /** The allowlist, relative to rootDir. */
  readonly file?: string;
  /**
   * The allowlist as committed at HEAD, to flag additions. Undefined reads it with git;
   * null means there is no history to compare with (the comparison is skipped); '' means HEAD has no such file.
   */
  readonly committedText?: string | null;
}

/**
 * The allowlist of cross-tenant exceptions stays honest: every entry has a reason, names a
 * table or function that still exists (and a table that still lacks tenant_id), and entries
 * added since HEAD are printed so a reviewer sees each new exception.
 */
export async function checkRlsCarveOuts(options: RlsCarveOutsOptions): Promise<CheckReport> {
  const relative = options.file ?? CARVEOUTS_FILE;
  const { carveOuts, problems } = await loadCarveOuts(path.join(options.rootDir, relative));
  const findings: CheckFinding[] = problems.map((problem) => ({ ...problem, location: relative }));

  // Public tables by name; the job engine's schema (tables and views) by `schema.name`.
  const tables = new Map(
    options.catalog.relations
      .filter((relation) => (relation.schema === 'public' && relation.kind === 'table') || relation.schema !== 'public')
      .map((table) => [table.schema === 'public' ? table.name : `${table.schema}.${table.name}`, table]),
  );
  for (const entry of carveOuts.tables) {
    const table = tables.get(entry.table);
    if (!table) {
      findings.push({ rule: 'carveout-stale', location: relative, message: `table ${entry.table} is not in the business database any more: remove its entry` });
    } else if (table.hasTenantId) {
      findings.push({ rule: 'carveout-stale', location: relative, message: `table ${entry.table} has a tenant_id column now, so it is under tenant RLS: remove its entry` });
    }
  }
  const definers = new Set(options.catalog.securityDefinerFunctions);
  for (const entry of carveOuts.securityDefinerFunctions) {
    if (!definers.has(entry.function)) {
      findings.push({ rule: 'carveout-stale', location: relative, message: `function ${entry.function} is not a SECURITY DEFINER function of the business database: remove its entry` });
    }
  }

  const committed = options.committedText === undefined ? await readCommittedFile(options.rootDir, relative) : options.committedText;
  const notes = [
    `${carveOuts.tables.length} table carve-outs, ${carveOuts.securityDefinerFunctions.length} SECURITY DEFINER functions allowed`,
    ...additionNotes(carveOuts, committed, relative),
  ];
  return { check: 'rls-carveouts', findings, notes };
}

function additionNotes(current: CarveOuts, committed: string | null, relative: string): string[] {
  if (committed === null) return ['git HEAD is not available: additions were not compared'];
  const before = parseCarveOuts(committed || '{}', `HEAD:${relative}`).carveOuts;
  const tablesBefore = new Set(before.tables.map(tableKey));
  const functionsBefore = new Set(before.securityDefinerFunctions.map((entry) => entry.function));
  const added = [
    ...current.tables
      .filter((entry) => !tablesBefore.has(tableKey(entry)))
      .map((entry) => `table ${entry.table} (${entry.kind}${'runtimeAccess' in entry ? `, runtime ${entry.runtimeAccess}` : ''}): ${entry.reason}`),
    ...current.securityDefinerFunctions.filter((entry) => !functionsBefore.has(entry.function)).map((entry) => `function ${entry.function}: ${entry.reason}`),
  ];
  if (added.length === 0) return ['no carve-outs added or widened since HEAD'];
  return [`REVIEW: ${added.length} carve-out${added.length === 1 ? '' : 's'} added or changed since HEAD:`, ...added.map((line) => `  + ${line}`)];
}

/** What makes a table entry the same as before: a changed kind or a widened access counts as added. */
function tableKey(entry: TableCarveOut): string {
  return `${entry.table}/${entry.kind}/${'runtimeAccess' in entry ? entry.runtimeAccess : ''}`;
}

/** The file's text at HEAD; '' when HEAD lacks it, null when there is no git history to ask. */
export async function readCommittedFile(rootDir: string, relative: string): Promise<string | null> {
  const git = promisify(execFile);
  try {
    await git('git', ['rev-parse', '--verify', '--quiet', 'HEAD'], { cwd: rootDir });
  } catch {
    return null;
  }
  try {
    return (await git('git', ['show', `HEAD:./${relative}`], { cwd: rootDir, maxBuffer: 10_000_000 })).stdout;
  } catch {
    return '';
  }
}
