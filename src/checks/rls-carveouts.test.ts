import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { readBusinessCatalogAt, roleOfUrl, type BusinessCatalog } from './business-catalog.js';
import { CARVEOUTS_FILE } from './carveout-allowlist.js';
import { checkRlsCarveOuts } from './rls-carveouts.js';
import { REPO_ROOT } from './run-checks.js';

const tempRoots: string[] = [];
let catalog: BusinessCatalog;
let realAllowlist: string;

beforeAll(async () => {
  // This run's business database, migrated from the real tree; only read here.
  const { urls } = inject('testDatabases');
  catalog = await readBusinessCatalogAt(urls.businessOwner, roleOfUrl(urls.business));
  realAllowlist = await readFile(path.join(REPO_ROOT, CARVEOUTS_FILE), 'utf8');
});

afterEach(async () => {
  await Promise.all(tempRoots.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A throw-away root whose allowlist is `allowlist`. */
async function rootWith(allowlist: unknown): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'bsns-carveouts-'));
  tempRoots.push(root);
  await mkdir(path.join(root, path.dirname(CARVEOUTS_FILE)), { recursive: true });
  await writeFile(path.join(root, CARVEOUTS_FILE), typeof allowlist === 'string' ? allowlist : JSON.stringify(allowlist, null, 2));
  return root;
}

const migrationsEntry = { table: 'bsns_migrations', kind: 'not-tenant-data', runtimeAccess: 'none', reason: 'Migration history.' };
const tenantsEntry = { table: 'tenants', kind: 'tenant-anchor', reason: 'The tenant anchor.' };

describe('check:rls-carveouts', () => {
  it('passes on the real allowlist and database', async () => {
    const report = await checkRlsCarveOuts({ rootDir: REPO_ROOT, catalog, committedText: realAllowlist });
    expect(report.findings).toEqual([]);
    expect(report.notes).toContain('no carve-outs added or widened since HEAD');
  });

  it('fails on an entry without a reason', async () => {
    const root = await rootWith({ tables: [migrationsEntry, { ...tenantsEntry, reason: '   ' }] });
    const report = await checkRlsCarveOuts({ rootDir: root, catalog, committedText: null });
    expect(report.findings.map((finding) => finding.message)).toEqual(['table tenants has no reason: say why it may be outside tenant RLS']);
  });

  it('fails on stale entries: gone tables, tables that gained tenant_id, functions that are not SECURITY DEFINER', async () => {
    const root = await rootWith({
      tables: [
        migrationsEntry,
        tenantsEntry,
        { table: 'dropped_long_ago', kind: 'not-tenant-data', runtimeAccess: 'read', reason: 'Was a lookup table.' },
        { table: 'labels', kind: 'not-tenant-data', runtimeAccess: 'write', reason: 'Shared once.' },
      ],
      securityDefinerFunctions: [{ function: 'public.app_current_tenant()', reason: 'Reads the setting.' }],
    });
    const report = await checkRlsCarveOuts({ rootDir: root, catalog, committedText: null });
    expect(report.findings.map((finding) => `${finding.rule}: ${finding.message}`)).toEqual([
      'carveout-stale: table dropped_long_ago is not in the business database any more: remove its entry',
      'carveout-stale: table labels has a tenant_id column now, so it is under tenant RLS: remove its entry',
      'carveout-stale: function public.app_current_tenant() is not a SECURITY DEFINER function of the business database: remove its entry',
    ]);
  });

  it('fails on malformed entries and unreadable files instead of crashing', async () => {
    const malformed = await checkRlsCarveOuts({
      rootDir: await rootWith({ tables: [migrationsEntry, tenantsEntry, { table: 'x', kind: 'whatever', reason: 'r' }, { reason: 'no table' }] }),
      catalog,
      committedText: null,
    });
    expect(malformed.findings.map((finding) => finding.message)).toEqual([
      'table x needs "kind": "tenant-anchor" or "not-tenant-data"',
      'tables[3] needs a "table" name',
    ]);
    const broken = await checkRlsCarveOuts({ rootDir: await rootWith('{ "tables": ['), catalog, committedText: null });
    expect(broken.findings).toHaveLength(1);
    expect(broken.findings[0]!.rule).toBe('carveout-file');
  });

  it('flags entries added since the committed version, read from git', async () => {
    const root = await rootWith({ tables: [migrationsEntry, tenantsEntry] });
    const git = (...args: string[]) => promisify(execFile)('git', args, { cwd: root });
    await git('init', '--quiet');
    await git('add', CARVEOUTS_FILE);
    await git('-c', 'user.name=check', '-c', 'user.email=check@example.invalid', 'commit', '--quiet', '-m', 'allowlist');
    await writeFile(
      path.join(root, CARVEOUTS_FILE),
      JSON.stringify({ tables: [{ ...migrationsEntry, runtimeAccess: 'read' }, tenantsEntry], securityDefinerFunctions: [] }),
    );
    const report = await checkRlsCarveOuts({ rootDir: root, catalog });
    expect(report.notes.join('\n')).toContain('REVIEW: 1 carve-out added or changed since HEAD:\n  + table bsns_migrations (not-tenant-data, runtime read): Migration history.');
  });

  it('says so when there is no git history to compare with', async () => {
    const root = await rootWith({ tables: [migrationsEntry, tenantsEntry] });
    const report = await checkRlsCarveOuts({ rootDir: root, catalog });
    expect(report.findings).toEqual([]);
    expect(report.notes).toContain('git HEAD is not available: additions were not compared');
  });
});
