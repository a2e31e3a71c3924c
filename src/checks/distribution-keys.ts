import { readFile } from 'node:fs/promises';
import type { CheckFinding, CheckReport } from './check-report.js';
import type { KeyedTable } from './distribution-catalog.js';

/** Path of the placement allowlist, relative to the repository root. */
export const PLACEMENTS_FILE = 'src/checks/distribution-keys.json';
const TENANT_COLUMN = 'tenant_id';

/**
 * Where a table without `tenant_id` goes when the business database is sharded by tenant:
 * - `distributed` by another column that holds the tenant id (the tenant anchor, by `id`);
 * - `reference`: copied to every node (small, tenant-free lookup data);
 * - `local`: stays on the coordinator (bookkeeping no query joins to tenant data).
 */
export type TablePlacement =
  | { readonly table: string; readonly placement: 'distributed'; readonly column: string; readonly reason: string }
  | { readonly table: string; readonly placement: 'reference' | 'local'; readonly reason: string };

export interface DistributionKeysOptions {
  readonly tables: readonly KeyedTable[];
  readonly placements: readonly TablePlacement[];
  /** Problems found while reading the allowlist; reported as findings. */
  readonly placementProblems?: readonly CheckFinding[];
}

/**
 * Proves the business database shards by tenant unchanged (issue 14, Citus): every table with
 * `tenant_id` is distributed by it, and its primary key, every unique index and every foreign key to
 * another distributed table include it, so each tenant's rows and their constraints live on one
 * shard. Tables without `tenant_id` must be listed in the allowlist with a placement and a reason.
 */
export function checkDistributionKeys(options: DistributionKeysOptions): CheckReport {
  const findings: CheckFinding[] = [...(options.placementProblems ?? [])];
  const byName = new Map(options.tables.map((table) => [table.name, table]));
  const listed = new Map(options.placements.map((entry) => [entry.table, entry]));

  for (const entry of options.placements) {
    const table = byName.get(entry.table);
    if (!table) findings.push({ rule: 'placement-stale', location: entry.table, message: `listed in ${PLACEMENTS_FILE} but no such table exists: remove the entry` });
    else if (table.columns.has(TENANT_COLUMN)) {
      findings.push({ rule: 'placement-stale', location: entry.table, message: `has gained ${TENANT_COLUMN}, so it is distributed by it: remove its entry from ${PLACEMENTS_FILE}` });
    } else if (entry.placement === 'distributed' && !table.columns.has(entry.column)) {
      findings.push({ rule: 'placement-stale', location: entry.table, message: `is listed as distributed by ${entry.column}, which it does not have` });
    }
  }

  const placementOf = (table: KeyedTable): { kind: 'distributed'; column: string } | { kind: 'reference' | 'local' } | null => {
    if (table.columns.has(TENANT_COLUMN)) return { kind: 'distributed', column: TENANT_COLUMN };
    const entry = listed.get(table.name);
    if (!entry) return null;
    return entry.placement === 'distributed' ? { kind: 'distributed', column: entry.column } : { kind: entry.placement };
  };

  const distributionTypes = new Map<string, string[]>();
  for (const table of options.tables) {
    const placement = placementOf(table);
    if (!placement) {
      findings.push({
        rule: 'placement-missing',
        location: table.name,
        message: `has no ${TENANT_COLUMN} column and no placement in ${PLACEMENTS_FILE}: add ${TENANT_COLUMN}, or list it as a reference or local table with a reason`,
      });
      continue;
    }
    if (placement.kind !== 'distributed') {
      findings.push(...nonDistributedFindings(table, placement.kind, placementOf, byName));
      continue;
    }
    const column = table.columns.get(placement.column)!;
    distributionTypes.set(column.type, [...(distributionTypes.get(column.type) ?? []), table.name]);
    findings.push(...distributedFindings(table, placement.column, placementOf, byName));
  }

  // Co-location needs one type for every distribution column; name the tables off the common one.
  if (distributionTypes.size > 1) {
    const [common] = [...distributionTypes.entries()].sort((a, b) => b[1].length - a[1].length)[0]!;
    for (const [type, tables] of distributionTypes) {
      if (type === common) continue;
      for (const table of tables) {
        findings.push({ rule: 'distribution-column-type', location: table, message: `its distribution column is ${type}, the others are ${common}: co-located tables need one type` });
      }
    }
  }

  const distributed = options.tables.filter((table) => placementOf(table)?.kind === 'distributed').length;
  const notes = [
    `${distributed} tables distributed by tenant, ${options.placements.filter((entry) => entry.placement === 'reference').length} reference, ${options.placements.filter((entry) => entry.placement === 'local').length} local`,
  ];
  return { check: 'distribution-keys', findings, notes };
}

type PlacementOf = (table: KeyedTable) => { kind: 'distributed'; column: string } | { kind: 'reference' | 'local' } | null;

function distributedFindings(table: KeyedTable, column: string, placementOf: PlacementOf, byName: ReadonlyMap<string, KeyedTable>): CheckFinding[] {
  const findings: CheckFinding[] = [];
  if (!table.columns.get(column)!.notNull) {
    findings.push({ rule: 'distribution-column-null', location: table.name, message: `${column} may be NULL; a row without a tenant has no shard: make it NOT NULL` });
  }
  if (!table.primaryKey) {
    findings.push({ rule: 'primary-key', location: table.name, message: `has no primary key; give it one that starts with ${column}, e.g. (${column}, id)` });
  } else if (!table.primaryKey.includes(column)) {
    findings.push({ rule: 'primary-key', location: table.name, message: `primary key (${table.primaryKey.join(', ')}) lacks ${column}: uniqueness could only be enforced across shards` });
  }
  for (const index of table.uniqueIndexes) {
    if (!index.columns.includes(column)) {
      const columns = index.columns.map((name) => name ?? '<expression>').join(', ');
      findings.push({ rule: 'unique-key', location: `${table.name} ${index.name}`, message: `unique index (${columns}) lacks ${column}: make it (${column}, …)` });
    }
  }
  for (const key of table.foreignKeys) {
    const target = byName.get(key.references);
    const targetPlacement = target ? placementOf(target) : null;
    const where = `${table.name} ${key.name}`;
    if (!targetPlacement || targetPlacement.kind === 'local') {
      findings.push({ rule: 'foreign-key', location: where, message: `references ${key.references}, which is not distributed or a reference table` });
    } else if (targetPlacement.kind === 'distributed') {
      const position = key.columns.indexOf(column);
      if (position < 0 || key.referencedColumns[position] !== targetPlacement.column) {
        findings.push({
          rule: 'foreign-key',
          location: where,
          message: `(${key.columns.join(', ')}) → ${key.references} (${key.referencedColumns.join(', ')}) does not pair ${column} with ${key.references}.${targetPlacement.column}: the rows could sit on different shards`,
        });
      }
    }
  }
  return findings;
}

function nonDistributedFindings(table: KeyedTable, kind: 'reference' | 'local', placementOf: PlacementOf, byName: ReadonlyMap<string, KeyedTable>): CheckFinding[] {
  const findings: CheckFinding[] = [];
  for (const key of table.foreignKeys) {
    const target = byName.get(key.references);
    const targetKind = target ? placementOf(target)?.kind : undefined;
    // Citus: a reference table may point only at reference tables; a local table at nothing distributed.
    const allowed = kind === 'reference' ? targetKind === 'reference' : targetKind === 'local' || targetKind === 'reference';
    if (!allowed) {
      findings.push({ rule: 'foreign-key', location: `${table.name} ${key.name}`, message: `a ${kind} table cannot reference ${key.references} (${targetKind ?? 'unplaced'})` });
    }
  }
  return findings;
}

/** Reads and validates the placement allowlist; a bad entry is a finding, not a crash. */
export async function loadPlacements(file: string): Promise<{ placements: TablePlacement[]; problems: CheckFinding[] }> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    return { placements: [], problems: [{ rule: 'placement-file', location: PLACEMENTS_FILE, message: `cannot read: ${(error as Error).message}` }] };
  }
  return parsePlacements(raw);
}

export function parsePlacements(raw: unknown): { placements: TablePlacement[]; problems: CheckFinding[] } {
  const placements: TablePlacement[] = [];
  const problems: CheckFinding[] = [];
  const entries = typeof raw === 'object' && raw !== null && Array.isArray((raw as { tables?: unknown }).tables) ? ((raw as { tables: unknown[] }).tables) : null;
  if (!entries) return { placements, problems: [{ rule: 'placement-file', location: PLACEMENTS_FILE, message: 'needs a "tables" array' }] };
  const seen = new Set<string>();
  for (const [index, entry] of entries.entries()) {
    const record = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {};
    const table = typeof record.table === 'string' && record.table ? record.table : null;
    const problem = (message: string) => problems.push({ rule: 'placement-entry', location: `${PLACEMENTS_FILE} ${table ?? `tables[${index}]`}`, message });
    if (!table) {
      problem('needs a "table" name');
      continue;
    }
    if (seen.has(table)) problem('is listed twice');
    seen.add(table);
    const reason = typeof record.reason === 'string' ? record.reason.trim() : '';
    if (!reason) {
      problem('has no reason: say why this table does not carry tenant_id');
      continue;
    }
    if (record.placement === 'distributed') {
      if (typeof record.column !== 'string' || !record.column) problem('is distributed: name its "column"');
      else placements.push({ table, placement: 'distributed', column: record.column, reason });
    } else if (record.placement === 'reference' || record.placement === 'local') {
      placements.push({ table, placement: record.placement, reason });
    } else {
      problem('needs "placement": "distributed", "reference" or "local"');
    }
  }
  return { placements, problems };
}
