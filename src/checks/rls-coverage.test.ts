import { createHash } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadMigrations, type Migration } from '../platform/migrations/index.js';
import { readBusinessCatalogAt, roleOfUrl } from './business-catalog.js';
import { CARVEOUTS_FILE, loadCarveOuts, type CarveOuts } from './carveout-allowlist.js';
import { openScratchDatabases, type CheckDatabases } from './check-databases.js';
import { checkRlsCoverage } from './rls-coverage.js';
import { REPO_ROOT } from './run-checks.js';

// Each violation a careless migration could make, applied after the real migrations.
const PLANTED_SQL = `
  CREATE TABLE planted_unforced (tenant_id uuid NOT NULL, id uuid NOT NULL, PRIMARY KEY (tenant_id, id));
  ALTER TABLE planted_unforced ENABLE ROW LEVEL SECURITY;
  CREATE POLICY tenant_isolation ON planted_unforced USING (tenant_id = (SELECT app_current_tenant()));

  CREATE TABLE planted_read_policy_only (tenant_id uuid NOT NULL, id uuid NOT NULL, PRIMARY KEY (tenant_id, id));
  ALTER TABLE planted_read_policy_only ENABLE ROW LEVEL SECURITY;
  ALTER TABLE planted_read_policy_only FORCE ROW LEVEL SECURITY;
  CREATE POLICY tenant_reads ON planted_read_policy_only FOR SELECT USING (tenant_id = (SELECT app_current_tenant()));

  CREATE TABLE planted_open_policy (tenant_id uuid NOT NULL, id uuid NOT NULL, PRIMARY KEY (tenant_id, id));
  ALTER TABLE planted_open_policy ENABLE ROW LEVEL SECURITY;
  ALTER TABLE planted_open_policy FORCE ROW LEVEL SECURITY;
  CREATE POLICY tenant_isolation ON planted_open_policy USING (tenant_id = (SELECT app_current_tenant()));
  CREATE POLICY everyone_reads ON planted_open_policy FOR SELECT USING (true);

  CREATE TABLE planted_global_settings (key text PRIMARY KEY, value text NOT NULL);

  CREATE VIEW planted_label_names AS SELECT tenant_id, name FROM labels;
  CREATE VIEW planted_invoker_label_names WITH (security_invoker = true) AS SELECT tenant_id, name FROM labels;

  CREATE FUNCTION planted_count_labels() RETURNS bigint LANGUAGE sql SECURITY DEFINER AS $$ SELECT count(*) FROM labels $$;
`;

function migration(name: string, sql: string): Migration {
  return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
}

let carveOuts: CarveOuts;
let clean: CheckDatabases;
let planted: CheckDatabases;

beforeAll(async () => {
  const { adminUrl } = inject('testDatabases');
  carveOuts = (await loadCarveOuts(path.join(REPO_ROOT, CARVEOUTS_FILE))).carveOuts;
  clean = await openScratchDatabases({ adminUrl });
  planted = await openScratchDatabases({
    adminUrl,
    businessMigrations: [...(await loadMigrations('business')), migration('9999_planted_violations.sql', PLANTED_SQL)],
  });
});

afterAll(async () => {
  await Promise.all([clean?.close(), planted?.close()]);
});

async function findingsOf(databases: CheckDatabases): Promise<string[]> {
  const catalog = await readBusinessCatalogAt(databases.urls.businessOwner, roleOfUrl(databases.urls.business));
  return checkRlsCoverage({ catalog, carveOuts }).findings.map((finding) => `${finding.rule} ${finding.location ?? ''}`.trim());
}

describe('check:rls-coverage', () => {
  it('passes on the business database the real migrations build', async () => {
    expect(await findingsOf(clean)).toEqual([]);
  });

  it('fails on each planted violation, and only on those', async () => {
    expect((await findingsOf(planted)).sort()).toEqual([
      'carveout-missing public.planted_global_settings',
      'policy-missing public.planted_read_policy_only',
      'policy-not-tenant public.planted_open_policy policy everyone_reads',
      'rls-forced public.planted_unforced',
      'security-definer public.planted_count_labels()',
      'view-security-invoker public.planted_label_names',
    ]);
  });

  it('names the commands a partial policy set leaves open', async () => {
    const catalog = await readBusinessCatalogAt(planted.urls.businessOwner, roleOfUrl(planted.urls.business));
    const missing = checkRlsCoverage({ catalog, carveOuts }).findings.find((finding) => finding.rule === 'policy-missing');
    expect(missing?.message).toBe('no permissive policy for the runtime role covers INSERT, UPDATE, DELETE');
  });

  it('fails when the runtime role can bypass RLS or become the owner', async () => {
    const { adminUrl } = inject('testDatabases');
    const scratch = await openScratchDatabases({ adminUrl });
    const runtime = pg.escapeIdentifier(roleOfUrl(scratch.urls.business));
    const owner = pg.escapeIdentifier(roleOfUrl(scratch.urls.businessOwner));
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(`ALTER ROLE ${runtime} BYPASSRLS`);
      await admin.query(`GRANT ${owner} TO ${runtime}`);
      const runtimeFindings = (await findingsOf(scratch)).filter((finding) => finding.startsWith('runtime-role'));
      expect(runtimeFindings).toHaveLength(2);
      const catalog = await readBusinessCatalogAt(scratch.urls.businessOwner, roleOfUrl(scratch.urls.business));
      const messages = checkRlsCoverage({ catalog, carveOuts }).findings.map((finding) => finding.message);
      expect(messages).toContain('the runtime role has BYPASSRLS');
      expect(messages).toContainEqual(expect.stringContaining(`can SET ROLE to ${roleOfUrl(scratch.urls.businessOwner)}`));
    } finally {
      await admin.query(`REVOKE ${owner} FROM ${runtime}`).catch(() => undefined);
      await admin.end();
      await scratch.close();
    }
  });
});
