import { createHash } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadMigrations, type Migration } from '../platform/migrations/index.js';
import { openScratchDatabases, type CheckDatabases } from './check-databases.js';
import { readKeyedTables } from './distribution-catalog.js';
import { checkDistributionKeys, loadPlacements, parsePlacements, PLACEMENTS_FILE, type TablePlacement } from './distribution-keys.js';
import { REPO_ROOT } from './run-checks.js';

// Each way a migration could make the business database unshardable by tenant, after the real ones.
const PLANTED_SQL = `
  CREATE TABLE planted_global_pk (tenant_id uuid NOT NULL REFERENCES tenants (id), id uuid PRIMARY KEY);
  CREATE TABLE planted_no_pk (tenant_id uuid NOT NULL, note text);
  CREATE TABLE planted_global_unique (tenant_id uuid NOT NULL, id uuid NOT NULL, code text NOT NULL, PRIMARY KEY (tenant_id, id), UNIQUE (code));
  CREATE UNIQUE INDEX planted_lower_code ON planted_global_unique (lower(code));
  CREATE TABLE planted_nullable (tenant_id uuid, id uuid NOT NULL, UNIQUE (tenant_id, id));
  CREATE TABLE planted_cross_fk (
    tenant_id uuid NOT NULL, id uuid NOT NULL, label_id uuid, label_tenant uuid,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT planted_swapped_fk FOREIGN KEY (label_tenant, label_id) REFERENCES labels (tenant_id, id)
  );
  CREATE TABLE planted_countries (code text PRIMARY KEY, name text NOT NULL);
  CREATE TABLE planted_text_tenant (tenant_id text NOT NULL, id uuid NOT NULL, PRIMARY KEY (tenant_id, id));
`;

function migration(name: string, sql: string): Migration {
  return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
}

let placements: TablePlacement[];
let clean: CheckDatabases;
let planted: CheckDatabases;

beforeAll(async () => {
  const { adminUrl } = inject('testDatabases');
  const loaded = await loadPlacements(path.join(REPO_ROOT, PLACEMENTS_FILE));
  expect(loaded.problems).toEqual([]);
  placements = loaded.placements;
  clean = await openScratchDatabases({ adminUrl });
  planted = await openScratchDatabases({
    adminUrl,
    businessMigrations: [...(await loadMigrations('business')), migration('9999_planted_unshardable.sql', PLANTED_SQL)],
  });
});

afterAll(async () => {
  await Promise.all([clean?.close(), planted?.close()]);
});

async function findingsOf(databases: CheckDatabases, withPlacements = placements): Promise<string[]> {
  const report = checkDistributionKeys({ tables: await readKeyedTables(databases.urls.businessOwner), placements: withPlacements });
  return report.findings.map((finding) => `${finding.rule} ${finding.location ?? ''}`.trim()).sort();
}

describe('check:distribution-keys', () => {
  it('passes on the business database the real migrations build', async () => {
    expect(await findingsOf(clean)).toEqual([]);
  });

  it('fails on each planted violation, and only on those', async () => {
    expect(await findingsOf(planted)).toEqual([
      'distribution-column-null planted_nullable',
      'distribution-column-type planted_text_tenant',
      'foreign-key planted_cross_fk planted_swapped_fk',
      'placement-missing planted_countries',
      'primary-key planted_global_pk',
      'primary-key planted_no_pk',
      'primary-key planted_nullable',
      'unique-key planted_global_pk planted_global_pk_pkey',
      'unique-key planted_global_unique planted_global_unique_code_key',
      'unique-key planted_global_unique planted_lower_code',
    ]);
  });

  it('accepts a tenant-free lookup table once it is listed as a reference table', async () => {
    const withCountries = [...placements, { table: 'planted_countries', placement: 'reference' as const, reason: 'ISO country list, the same for every tenant' }];
    expect(await findingsOf(planted, withCountries)).not.toContain('placement-missing planted_countries');
  });

  it('refuses a listed table that is gone or that has gained tenant_id', async () => {
    const stale: TablePlacement[] = [
      ...placements,
      { table: 'no_such_table', placement: 'reference', reason: 'was dropped' },
      { table: 'labels', placement: 'reference', reason: 'wrongly listed' },
    ];
    const findings = await findingsOf(clean, stale);
    expect(findings).toEqual(['placement-stale labels', 'placement-stale no_such_table']);
  });

  it('refuses allowlist entries without a reason or a valid placement', () => {
    const { placements: parsed, problems } = parsePlacements({
      tables: [
        { table: 'a', placement: 'reference' },
        { table: 'b', placement: 'sharded', reason: 'x' },
        { table: 'c', placement: 'distributed', reason: 'x' },
        { table: 'd', placement: 'local', reason: 'bookkeeping' },
      ],
    });
    expect(parsed).toEqual([{ table: 'd', placement: 'local', reason: 'bookkeeping' }]);
    expect(problems.map((problem) => problem.location)).toEqual([`${PLACEMENTS_FILE} a`, `${PLACEMENTS_FILE} b`, `${PLACEMENTS_FILE} c`]);
  });
});
