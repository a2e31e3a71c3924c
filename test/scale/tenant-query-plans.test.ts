/**
 * Every tenant query the apps send must find its tenant's rows through an index, not by reading
 * the whole table: at a million rows a sequential scan is one tenant paying for all the others.
 * The statements are not listed by hand: the test drives every GET route of the suite as a
 * member of a seeded tenant, records what each sends through withTenant (BusinessDb's
 * `onStatement`), and EXPLAINs each one as the runtime role under that tenant, on a database
 * seeded and analysed at scale. A new app's GET routes are covered the day they are registered;
 * a route with a path parameter is driven with a row of the seeded tenant (PATH_PARAMETERS), and
 * one the test cannot fill fails it.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/platform/logging/logger.js';
import { migrateDatabase } from '../../src/platform/migrations/index.js';
import { openPlatform, type Platform } from '../../src/platform/open-platform.js';
import type { TenantStatement } from '../../src/platform/tenancy/index.js';
import { buildSuite } from '../../src/suite.js';
import { provisionScratchDatabases, type ScratchDatabases } from '../support/scratch-databases.js';
import { TEST_MAILBOX } from '../support/test-platform.js';
import { testPrincipalHeader, testResolvers } from '../support/test-resolvers.js';

const TENANTS = 2_000;
const LABELS_PER_TENANT = 100; // 200,000 labels: enough for the planner to prefer an index wherever one fits
const EVENTS_PER_TENANT = 30; // 60,000 outbox events, notifications and webhook deliveries
const RECORDS_PER_TENANT = 60; // 120,000 people and companies, 80,000 open tasks
const PARTS_PER_TENANT = 12; // records with a note, an activity, a label and (people) a link
const TENANT_POSTURES = new Set(['session', 'session+mfa']);

let databases: ScratchDatabases;
let platform: Platform;
let tenantTables: Set<string>;
let tenant: string;
let seeded: SeededRows;
const captured: TenantStatement[] = [];

/** Rows of the tenant under test that the routes with a path parameter are driven with. */
interface SeededRows {
  /** A person with a note, an activity, a label and a link to `company`. */
  readonly person: string;
  readonly company: string;
  /** An envelope with a document, two signers, their fields and its chain entries. */
  readonly envelope: string;
}

/**
 * The value of each path parameter of a GET route, by its OpenAPI path. A new route with a
 * parameter fails the test until it is listed here (and its tables are seeded in beforeAll).
 */
const PATH_PARAMETERS: Record<string, (rows: SeededRows) => Record<string, string>> = {
  '/api/v1/records/people/{id}': (rows) => ({ id: rows.person }),
  '/api/v1/records/companies/{id}': (rows) => ({ id: rows.company }),
  '/api/v1/records/entries/{id}/activity': (rows) => ({ id: rows.person }),
  '/api/v1/records/entries/{id}/notes': (rows) => ({ id: rows.person }),
  '/api/v1/records/entries/{id}/links': (rows) => ({ id: rows.person }),
  '/api/v1/records/entries/{id}/labels': (rows) => ({ id: rows.person }),
  '/api/v1/pact/envelopes/{id}': (rows) => ({ id: rows.envelope }),
};

/** GET routes with a parameter that the test principal cannot drive, each with why that is safe. */
const NOT_DRIVEN: Record<string, string> = {
  '/launch/{app}': "identity's launch needs a real session; its one business statement is the tenant mirror's upsert by primary key",
  '/api/v1/pact/envelopes/{id}/documents/{documentId}/file': "sends the statements of /api/v1/pact/envelopes/{id} (the envelope by primary key, its documents by (tenant_id, envelope_id, position)), then reads a blob, which is not seeded",
  '/api/v1/pact/envelopes/{id}/completed.pdf': 'reads the envelope by primary key, then its completed PDF from the blob store, which is not seeded',
  '/api/v1/tenant/support-access/events/{id}/actions': "identity's support access history: it reads the identity database only, no tenant table",
};

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

beforeAll(async () => {
  databases = await provisionScratchDatabases();
  await migrateDatabase(databases.urls.identityOwner, 'identity');
  await migrateDatabase(databases.urls.businessOwner, 'business');
  const owner = new pg.Client({ connectionString: databases.urls.businessOwner });
  await owner.connect();
  try {
    // As the owner role (BYPASSRLS): one statement per table, no per-tenant round trips.
    await owner.query(`INSERT INTO tenants (id, name) SELECT gen_random_uuid(), 'Tenant ' || n FROM generate_series(1, $1::int) AS n`, [TENANTS]);
    await owner.query(
      `INSERT INTO labels (tenant_id, name, color) SELECT t.id, 'label ' || n, '#123456' FROM tenants t CROSS JOIN generate_series(1, $1::int) AS n`,
      [LABELS_PER_TENANT],
    );
    // Each app's list tables at scale too: an empty table is read whole by any planner, so an
    // unseeded table proves nothing. A new app adds its tables here.
    await owner.query(
      `INSERT INTO records (tenant_id, id, kind, name) SELECT t.id, gen_random_uuid(), CASE WHEN n % 3 = 0 THEN 'company' ELSE 'person' END, 'Customer ' || n
       FROM tenants t CROSS JOIN generate_series(1, $1::int) AS n`,
      [RECORDS_PER_TENANT],
    );
    await owner.query(
      `INSERT INTO record_tasks (tenant_id, record_id, title, assignee_id, due_on, created_by)
       SELECT r.tenant_id, r.id, 'Call ' || r.name, gen_random_uuid(), current_date + (abs(hashtext(r.name)) % 60), 'seed'
       FROM records r WHERE r.kind = 'person'`,
    );
    // What a record's detail, timeline and notes read, for records 1 to PARTS_PER_TENANT of each
    // tenant: 24,000 notes, activities and labellings, 16,000 links ('Customer n' gets 'label n';
    // people 1 and 2 work at company 3, …). Enough for an index to win, few enough to seed fast.
    // Analysed first, so the joins are planned as hash joins, not loops over "empty" tables.
    await owner.query('ANALYZE records, labels');
    const parts = `substring(r.name FROM 10)::int <= ${PARTS_PER_TENANT}`;
    await owner.query(`INSERT INTO record_notes (tenant_id, record_id, author_id, body) SELECT tenant_id, id, 'seed', 'Met ' || name FROM records r WHERE ${parts}`);
    await owner.query(`INSERT INTO record_activity (tenant_id, record_id, actor_id, action) SELECT tenant_id, id, 'seed', 'created' FROM records r WHERE ${parts}`);
    await owner.query(
      `INSERT INTO record_labels (tenant_id, record_id, label_id)
       SELECT r.tenant_id, r.id, l.id FROM records r JOIN labels l ON l.tenant_id = r.tenant_id AND l.name = 'label ' || substring(r.name FROM 10) WHERE ${parts}`,
    );
    await owner.query(
      `INSERT INTO record_links (tenant_id, person_id, company_id, role)
       SELECT r.tenant_id, r.id, c.id, 'staff' FROM records r
       JOIN records c ON c.tenant_id = r.tenant_id AND c.kind = 'company' AND c.name = 'Customer ' || (substring(r.name FROM 10)::int / 3 + 1) * 3
       WHERE r.kind = 'person' AND ${parts}`,
    );
    // The outbox's tables the notifications and webhook pages read.
    await owner.query(
      `INSERT INTO outbox_events (tenant_id, topic, idempotency_key, payload)
       SELECT t.id, 'records.task.assigned', 'seed-' || n, '{}'::jsonb FROM tenants t CROSS JOIN generate_series(1, $1::int) AS n`,
      [EVENTS_PER_TENANT],
    );
    await owner.query(`INSERT INTO notifications (tenant_id, user_id, event_id, title) SELECT tenant_id, gen_random_uuid(), id, 'Task assigned' FROM outbox_events`);
    await owner.query(`INSERT INTO webhook_endpoints (tenant_id, url, secret_sealed) SELECT id, 'https://hooks.example.test/' || id, 'sealed' FROM tenants`);
    await owner.query(
      `INSERT INTO webhook_deliveries (tenant_id, endpoint_id, event_id, status)
       SELECT ev.tenant_id, e.id, ev.id, CASE WHEN abs(hashtext(ev.idempotency_key)) % 4 = 0 THEN 'failed' ELSE 'delivered' END
       FROM outbox_events ev JOIN webhook_endpoints e ON e.tenant_id = ev.tenant_id`,
    );
    // Pact: 5 envelopes a tenant (10,000), each with a document, two signers, two fields and three chain entries.
    await owner.query(
      `INSERT INTO pact_envelopes (tenant_id, title, status, created_by, sent_at, expires_at)
       SELECT t.id, 'Agreement ' || n, 'sent', gen_random_uuid(), now(), now() + interval '30 days' FROM tenants t CROSS JOIN generate_series(1, 5) AS n`,
    );
    await owner.query(
      `INSERT INTO pact_documents (tenant_id, envelope_id, position, name, blob_key, sha256, size_bytes, pages)
       SELECT tenant_id, id, 1, 'agreement.pdf', 'pact/' || id || '/doc.pdf', repeat('a', 64), 1000, '[{"width": 612, "height": 792}]' FROM pact_envelopes`,
    );
    await owner.query(
      `INSERT INTO pact_signers (tenant_id, envelope_id, position, name, email, status)
       SELECT e.tenant_id, e.id, n, 'Signer ' || n, 'signer' || n || '-' || e.id || '@example.test', 'sent' FROM pact_envelopes e CROSS JOIN generate_series(1, 2) AS n`,
    );
    await owner.query(
      `INSERT INTO pact_fields (tenant_id, envelope_id, document_id, signer_id, kind, page, x, y, width, height)
       SELECT s.tenant_id, s.envelope_id, d.id, s.id, 'signature', 0, 0.1, 0.1 * s.position, 0.3, 0.05
       FROM pact_signers s JOIN pact_documents d ON d.tenant_id = s.tenant_id AND d.envelope_id = s.envelope_id`,
    );
    await owner.query(
      `INSERT INTO pact_chain_entries (tenant_id, seq, prev_hash, type, envelope_id, payload_digest, at, hash)
       SELECT tenant_id, row_number() OVER (PARTITION BY tenant_id ORDER BY id, n), repeat('0', 64), (ARRAY['created', 'sent', 'viewed'])[n], id, repeat('b', 64), now(), repeat('c', 64)
       FROM pact_envelopes CROSS JOIN generate_series(1, 3) AS n`,
    );
    await owner.query(`INSERT INTO pact_checkpoint_keys (tenant_id, kid, public_key_pem, private_key_sealed) SELECT id, 'pact-seed', 'pem', 'sealed' FROM tenants`);
    await owner.query(
      `INSERT INTO pact_chain_checkpoints (tenant_id, seq, head, signed_at, key_id, signature)
       SELECT tenant_id, seq, hash, now(), 'pact-seed', 'c2ln' FROM pact_chain_entries WHERE seq % 5 = 0`,
    );
    // A planted mistake for the detector to find: a tenant table whose keys do not lead with tenant_id.
    await owner.query(`
      CREATE TABLE planted_notes (id uuid NOT NULL DEFAULT gen_random_uuid(), tenant_id uuid NOT NULL, body text NOT NULL, PRIMARY KEY (id, tenant_id));
      ALTER TABLE planted_notes ENABLE ROW LEVEL SECURITY;
      ALTER TABLE planted_notes FORCE ROW LEVEL SECURITY;
      CREATE POLICY tenant_isolation ON planted_notes USING (tenant_id = (SELECT app_current_tenant()));
      GRANT SELECT ON planted_notes TO "${decodeURIComponent(new URL(databases.urls.business).username)}";
      INSERT INTO planted_notes (tenant_id, body) SELECT tenant_id, name FROM labels;`);
    await owner.query('ANALYZE');
    tenant = (await owner.query<{ id: string }>('SELECT id FROM tenants ORDER BY id OFFSET $1 LIMIT 1', [Math.floor(TENANTS / 2)])).rows[0]!.id;
    const link = await owner.query<{ person_id: string; company_id: string }>('SELECT person_id, company_id FROM record_links WHERE tenant_id = $1 LIMIT 1', [tenant]);
    const envelope = await owner.query<{ id: string }>('SELECT id FROM pact_envelopes WHERE tenant_id = $1 LIMIT 1', [tenant]);
    seeded = { person: link.rows[0]!.person_id, company: link.rows[0]!.company_id, envelope: envelope.rows[0]!.id };
    const { rows } = await owner.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c WHERE c.relkind IN ('r', 'p') AND c.relnamespace = 'public'::regnamespace
         AND (c.relname = 'tenants' OR EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped))`,
    );
    tenantTables = new Set(rows.map((row) => row.name));
  } finally {
    await owner.end();
  }
  const env = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    IDENTITY_DATABASE_URL: databases.urls.identity,
    IDENTITY_OWNER_DATABASE_URL: databases.urls.identityOwner,
    BUSINESS_DATABASE_URL: databases.urls.business,
    BUSINESS_OWNER_DATABASE_URL: databases.urls.businessOwner,
    BSNS_MASTER_KEYS: inject('testMasterKeys'),
    MAIL_URL: `file://${TEST_MAILBOX}`,
  };
  platform = await openPlatform(loadConfig(env, process.cwd()), createLogger('silent'), { onTenantStatement: (statement) => captured.push(statement) });
}, 300_000); // seeding takes about a minute, more than twice that on a busy machine

afterAll(async () => {
  await platform?.close();
  await databases?.drop();
});

/** Every sequential scan of a tenant table in the plan of `statement`, run as its tenant would run it. */
async function sequentialScans(statement: Pick<TenantStatement, 'text' | 'values'>, tenantId: string): Promise<string[]> {
  const plan = await platform.businessDb.withTenant(tenantId, async (tx) => {
    const { rows } = await tx.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(`EXPLAIN (FORMAT JSON) ${statement.text}`, statement.values);
    return rows[0]!['QUERY PLAN'][0]!.Plan;
  });
  const scans: string[] = [];
  const walk = (node: PlanNode) => {
    if (node['Node Type'] === 'Seq Scan' && node['Relation Name'] && tenantTables.has(node['Relation Name'])) scans.push(node['Relation Name']);
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(plan);
  return scans;
}

describe(`tenant query plans at ${TENANTS} tenants × ${LABELS_PER_TENANT} labels`, () => {
  it('flags a query that would read a whole tenant table (the detector can fail)', async () => {
    expect(await sequentialScans({ text: 'SELECT id, body FROM planted_notes ORDER BY body', values: [] }, tenant)).toEqual(['planted_notes']);
  });

  it('finds no sequential scan of a tenant table in any statement the GET routes send', async () => {
    const suite = await buildSuite(platform, testResolvers);
    try {
      const document = (await suite.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as {
        paths: Record<string, Record<string, { 'x-auth'?: string | string[] }>>;
      };
      const driven: string[] = [];
      const unfilled: string[] = [];
      const withParameters: [string, number][] = [];
      for (const [path, operations] of Object.entries(document.paths)) {
        const get = operations.get;
        if (!get || ![get['x-auth'] ?? []].flat().some((posture) => TENANT_POSTURES.has(posture))) continue;
        if (path in NOT_DRIVEN) continue;
        const fill = PATH_PARAMETERS[path];
        if (path.includes('{') && !fill) {
          unfilled.push(path);
          continue;
        }
        const values = fill?.(seeded) ?? {};
        const url = path.replace(/\{(\w+)\}/g, (placeholder, name: string) => values[name] ?? placeholder);
        const response = await suite.app.inject({ method: 'GET', url, headers: testPrincipalHeader({ tenantId: tenant, subject: randomUUID() }) });
        if (fill) withParameters.push([path, response.statusCode]);
        driven.push(path);
      }
      expect(driven).toContain('/api/v1/records/labels');
      expect(unfilled).toEqual([]);
      // A 404 would mean the row was not found, and the statements that read its parts never ran.
      expect(withParameters.filter(([, status]) => status >= 400)).toEqual([]);
      expect(withParameters.map(([path]) => path).sort()).toEqual(Object.keys(PATH_PARAMETERS).sort());
    } finally {
      await suite.app.close();
    }
    // A snapshot: the EXPLAINs below go through withTenant too, and are not the apps' statements.
    const statements = captured.filter((statement) => statement.tenantId === tenant && !statement.text.startsWith('EXPLAIN'));
    expect(statements.length).toBeGreaterThan(0);
    const offenders: string[] = [];
    for (const statement of statements) {
      const scans = await sequentialScans(statement, tenant);
      if (scans.length > 0) offenders.push(`${scans.join(', ')}: ${statement.text.replace(/\s+/g, ' ')}`);
    }
    expect(offenders).toEqual([]);
  });
});
