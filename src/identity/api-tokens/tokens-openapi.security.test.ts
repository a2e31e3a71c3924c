/**
 * The attack: Mallory holds a valid token for her own tenant A, with every scope, and has learnt
 * tenant B's ids (a person, a company, a label, a task, a user). She calls every operation the
 * OpenAPI document says accepts tokens, with B's ids in every path parameter and every id field
 * of the body and query, hoping one route takes its tenant from the request instead of the
 * token. And with a token lacking an operation's scope she calls it anyway. Driven from the
 * document, so a route added later is attacked too: B's data must neither show up in any answer
 * nor change, and the scope-less call must be a 403 before the handler.
 */
import { randomUUID } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { bearer, mintToken, signedInMember, type TokenHolder } from '../../../test/support/api-token-holders.js';
import { useTestSuite } from '../../../test/support/test-suite.js';
import { TOKEN_SCOPES, type TokenScope } from '../../platform/access/token-scopes.js';
import { ManualClock } from '../../platform/clock.js';
import { credentialOf, posturesOf, type AuthPosture, type RouteAuth } from '../../platform/http/index.js';

const clock = new ManualClock(new Date('2031-03-04T05:06:07Z'));
const suite = useTestSuite({ clock });
const MARKER = `tenant-b-${randomUUID().slice(0, 8)}`;

interface JsonSchema {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minLength?: number;
  minItems?: number;
  minimum?: number;
}

interface Operation {
  'x-auth': RouteAuth;
  parameters?: Array<{ in: string; name: string; required?: boolean; schema: JsonSchema }>;
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
}

/** A value the schema accepts, with `id` in every uuid slot: the smallest request that reaches the handler. */
function sample(schema: JsonSchema, id: string): unknown {
  const branch = schema.anyOf ?? schema.oneOf;
  if (branch) return sample(branch.find((option) => option.type !== 'null') ?? branch[0]!, id);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type.find((candidate) => candidate !== 'null') : schema.type;
  switch (type) {
    case 'object':
      return Object.fromEntries(
        Object.entries(schema.properties ?? {})
          .filter(([name, property]) => schema.required?.includes(name) || property.format === 'uuid')
          .map(([name, property]) => [name, sample(property, id)]),
      );
    case 'array':
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => sample(schema.items ?? {}, id));
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    default:
      if (schema.format === 'uuid') return id;
      if (schema.format === 'date-time') return clock.now().toISOString();
      if (schema.format === 'date') return '2031-04-01';
      return 'probe'.padEnd(Math.max(5, schema.minLength ?? 0), 'x');
  }
}

function tokenPosture(auth: RouteAuth): AuthPosture | undefined {
  return posturesOf(auth).find((posture) => credentialOf(posture) === 'token');
}

async function tokenOperations(): Promise<Array<{ method: string; path: string; operation: Operation; scope: TokenScope }>> {
  const document = (await suite.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as { paths: Record<string, Record<string, Operation>> };
  const found = [];
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const posture = operation['x-auth'] && tokenPosture(operation['x-auth']);
      if (posture) found.push({ method: method.toUpperCase(), path, operation, scope: posture.slice('token:'.length) as TokenScope });
    }
  }
  return found;
}

function requestFor(method: string, path: string, operation: Operation, id: string, secret: string) {
  const query = new URLSearchParams();
  for (const parameter of operation.parameters ?? []) {
    if (parameter.in === 'query' && (parameter.required || parameter.schema.format === 'uuid')) query.set(parameter.name, String(sample(parameter.schema, id)));
  }
  const json = operation.requestBody?.content['application/json']?.schema;
  return {
    method: method as 'GET',
    url: path.replace(/\{[^}]+\}/g, id) + (query.size > 0 ? `?${query}` : ''),
    headers: bearer(secret),
    ...(json ? { payload: sample(json, id) as object } : {}),
  };
}

/**
 * What tenant B holds in the business database, read through its own tenant unit (RLS-bound).
 * The outbox and notification tables are left out: the suite's background worker is still
 * delivering B's own seeded events into them while the test runs.
 */
async function snapshotOf(tenantId: string): Promise<string> {
  return suite.platform.businessDb.withTenant(tenantId, async (tx) => {
    const { rows: tables } = await tx.query<{ table_name: string }>(
      `SELECT DISTINCT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'tenant_id'
         AND table_name NOT LIKE 'outbox\\_%' AND table_name <> 'notifications' ORDER BY table_name`,
    );
    const parts: string[] = [];
    for (const { table_name: table } of tables) {
      const { rows } = await tx.query<{ text: string }>(`SELECT t::text AS text FROM "${table}" t ORDER BY 1`);
      parts.push(table, ...rows.map((row) => row.text));
    }
    return parts.join('\n');
  });
}

async function seedTenantB(b: TokenHolder, secret: string): Promise<string[]> {
  const post = async (url: string, payload: object) => {
    const response = await suite.app.inject({ method: 'POST', url, payload, headers: bearer(secret) });
    expect(response.statusCode, `${url} ${response.body}`).toBeLessThan(300);
    return response.statusCode === 204 ? undefined : (response.json() as { id: string }).id;
  };
  const person = (await post('/api/v1/records/people', { name: `${MARKER} person` }))!;
  const company = (await post('/api/v1/records/companies', { name: `${MARKER} company` }))!;
  const label = (await post('/api/v1/records/labels', { name: `${MARKER}-label` }))!;
  await post(`/api/v1/records/entries/${person}/notes`, { body: `${MARKER} note` });
  await post(`/api/v1/records/entries/${person}/labels`, { labelId: label });
  const task = (await post(`/api/v1/records/entries/${person}/tasks`, { title: `${MARKER} task`, assigneeId: b.id, dueOn: '2031-05-01' }))!;
  const envelope = (await post('/api/v1/pact/envelopes', { title: `${MARKER} envelope` }))!;
  const signer = (await post(`/api/v1/pact/envelopes/${envelope}/signers`, { name: `${MARKER} signer`, email: 'signer-of-b@example.test' }))!;
  const pdf = await PDFDocument.create();
  pdf.addPage([612, 792]);
  const upload = await suite.app.inject({ method: 'POST', url: `/api/v1/pact/envelopes/${envelope}/documents?name=b.pdf`, payload: Buffer.from(await pdf.save()), headers: { ...bearer(secret), 'content-type': 'application/pdf' } });
  expect(upload.statusCode, upload.body).toBe(201);
  const document = upload.json<{ id: string }>().id;
  // The member's own id last: it is no secret of B's data, so it is not looked for in answers.
  return [person, company, label, task, envelope, signer, document, b.id];
}

describe('every operation that accepts tokens', () => {
  it("never reads or writes tenant B's data with tenant A's token, whatever B ids it is given", async () => {
    const a = await signedInMember(suite.app, suite.platform);
    const b = await signedInMember(suite.app, suite.platform);
    const { secret: tokenA } = await mintToken(a, TOKEN_SCOPES);
    const { secret: tokenB } = await mintToken(b, TOKEN_SCOPES);
    const idsOfB = await seedTenantB(b, tokenB);
    const operations = await tokenOperations();
    expect(operations.length).toBeGreaterThanOrEqual(15);

    let snapshot = await snapshotOf(b.tenantId);
    expect(snapshot).toContain(MARKER);
    for (const { method, path, operation } of operations) {
      for (const id of idsOfB) {
        const response = await suite.app.inject(requestFor(method, path, operation, id, tokenA));
        const where = `${method} ${path} with ${id}`;
        expect(response.statusCode, `${where}: ${response.body}`).toBeLessThan(500);
        expect(response.body, where).not.toContain(MARKER);
        for (const leaked of idsOfB.slice(0, -1)) if (leaked !== id) expect(response.body, where).not.toContain(leaked);
      }
      const after = await snapshotOf(b.tenantId);
      expect(after, `${method} ${path} changed tenant B`).toBe(snapshot);
      snapshot = after;
    }

    // The control: the same generated requests with B's own token do reach B's data, so the
    // requests above were real attempts and not refusals of a malformed request. Counted over the
    // operations one id can drive (a path with two ids gets the same id twice, never a match).
    let answeredForB = 0;
    const drivable = operations.filter(({ path }) => (path.match(/\{/g) ?? []).length <= 1);
    for (const { method, path, operation } of drivable) {
      const answers = await Promise.all(idsOfB.map((id) => suite.app.inject(requestFor(method, path, operation, id, tokenB))));
      if (answers.some((response) => response.statusCode < 300)) answeredForB++;
    }
    expect(answeredForB / drivable.length).toBeGreaterThan(0.6);
    expect(await snapshotOf(b.tenantId)).not.toBe(snapshot);
  });

  it('refuses a token without the scope the operation declares', async () => {
    const a = await signedInMember(suite.app, suite.platform);
    const lacking = new Map<TokenScope, string>();
    for (const scope of TOKEN_SCOPES) lacking.set(scope, (await mintToken(a, TOKEN_SCOPES.filter((other) => other !== scope))).secret);
    const person = await suite.app.inject({ method: 'POST', url: '/api/v1/records/people', payload: { name: 'own' }, headers: bearer(lacking.get('records:read')!) });
    const id = (person.json() as { id: string }).id;
    for (const { method, path, operation, scope } of await tokenOperations()) {
      const response = await suite.app.inject(requestFor(method, path, operation, id, lacking.get(scope)!));
      expect(response.statusCode, `${method} ${path}`).toBe(403);
      expect(response.json().error.code, `${method} ${path}`).toBe('auth.scope_required');
    }
  });
});
