import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestMember } from '../../../test/support/identity-members.js';
import { mailsTo } from '../../../test/support/mailbox-tokens.js';
import { createTenantWithUser, type TestTenantUser } from '../../../test/support/tenant-manager.js';
import { testPrincipalHeader, testResolvers } from '../../../test/support/test-resolvers.js';
import { useTestSuite } from '../../../test/support/test-suite.js';
import { WebhookReceiver } from '../../../test/support/webhook-receiver.js';
import { TASK_ASSIGNED_TOPIC } from './tasks/task-assigned.topic.js';

// The receiver listens on loopback, which production refuses: tests allow exactly that address.
const suite = useTestSuite({ resolvers: testResolvers, webhookTestAllowlist: ['127.0.0.1'] });
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await WebhookReceiver.start();
});
afterAll(() => receiver.close());

const waitFor = <T>(check: () => Promise<T>) => vi.waitFor(check, { timeout: 20_000, interval: 50 });

interface Fixture extends TestTenantUser {
  readonly person: string;
  readonly company: string;
  readonly labels: readonly [string, string];
}

async function fixture(): Promise<Fixture> {
  const owner = await createTenantWithUser(suite.platform);
  const post = async (url: string, payload: object) => {
    const response = await suite.app.inject({ method: 'POST', url, headers: owner.headers, payload });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id as string;
  };
  const company = await post('/api/v1/records/companies', { name: 'Acme Ltd' });
  const person = await post('/api/v1/records/people', { name: 'Ada Lovelace' });
  const labels = [await post('/api/v1/records/labels', { name: 'vip' }), await post('/api/v1/records/labels', { name: 'lead' })] as const;
  return { ...owner, person, company, labels };
}

/** Every row the tenant has in the tables a create writes to (its effects too: timeline, outbox). */
async function rowCounts(tenantId: string): Promise<Record<string, number>> {
  const tables = ['records', 'record_links', 'record_labels', 'record_notes', 'record_tasks', 'record_activity', 'record_imports', 'labels', 'webhook_endpoints', 'outbox_events'];
  return suite.platform.businessDb.withTenant(tenantId, async (tx) => {
    const counts: Record<string, number> = {};
    for (const table of tables) counts[table] = (await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;
    return counts;
  });
}

interface CreateCase {
  readonly name: string;
  readonly url: (f: Fixture) => string;
  readonly first: (f: Fixture) => object;
  readonly other: (f: Fixture) => object;
  readonly status: number;
  /** The rows the first create adds. */
  readonly adds: Record<string, number>;
}

const CREATES: readonly CreateCase[] = [
  { name: 'a person', url: () => '/api/v1/records/people', first: () => ({ name: 'Grace Hopper', ssn: '123-45-6789', dateOfBirth: '1906-12-09' }), other: () => ({ name: 'Grace Hopper', ssn: '123-45-6780' }), status: 201, adds: { records: 1, record_activity: 1 } },
  { name: 'a company', url: () => '/api/v1/records/companies', first: () => ({ name: 'Initech', ein: '12-3456789' }), other: () => ({ name: 'Initrode' }), status: 201, adds: { records: 1, record_activity: 1 } },
  { name: 'a link', url: (f) => `/api/v1/records/people/${f.person}/links`, first: (f) => ({ companyId: f.company }), other: (f) => ({ companyId: f.company, role: 'CFO' }), status: 204, adds: { record_links: 1, record_activity: 2 } },
  { name: 'a tag', url: (f) => `/api/v1/records/entries/${f.person}/labels`, first: (f) => ({ labelId: f.labels[0] }), other: (f) => ({ labelId: f.labels[1] }), status: 204, adds: { record_labels: 1, record_activity: 1 } },
  { name: 'a note', url: (f) => `/api/v1/records/entries/${f.company}/notes`, first: () => ({ body: 'Called, will call back.' }), other: () => ({ body: 'Did not call.' }), status: 201, adds: { record_notes: 1, record_activity: 1 } },
  {
    name: 'a task',
    url: (f) => `/api/v1/records/entries/${f.company}/tasks`,
    first: (f) => ({ title: 'Send the quote', assigneeId: f.userId, dueOn: '2031-01-15' }),
    other: (f) => ({ title: 'Send the invoice', assigneeId: f.userId, dueOn: '2031-01-15' }),
    status: 201,
    adds: { record_tasks: 1, record_activity: 1, outbox_events: 1 },
  },
  { name: 'a label', url: () => '/api/v1/records/labels', first: () => ({ name: 'partner' }), other: () => ({ name: 'supplier' }), status: 201, adds: { labels: 1, outbox_events: 1 } },
  { name: 'a webhook endpoint', url: () => '/api/v1/webhooks/endpoints', first: () => ({ url: receiver.url, topics: ['records.label.created'] }), other: () => ({ url: receiver.url, description: 'another' }), status: 201, adds: { webhook_endpoints: 1 } },
];

describe('Idempotency-Key on every create', () => {
  it.each(CREATES)('$name: the same key twice answers the first result and writes once', async (create) => {
    const f = await fixture();
    const key = randomUUID();
    const send = (payload: object) => suite.app.inject({ method: 'POST', url: create.url(f), headers: { ...f.headers, 'idempotency-key': key }, payload });
    const before = await rowCounts(f.tenantId);
    const first = await send(create.first(f));
    expect(first.statusCode, first.body).toBe(create.status);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const afterFirst = await rowCounts(f.tenantId);
    expect(afterFirst).toEqual(Object.fromEntries(Object.entries(before).map(([table, n]) => [table, n + (create.adds[table] ?? 0)])));

    const repeat = await send(create.first(f));
    expect(repeat.statusCode).toBe(create.status);
    expect(repeat.headers['idempotent-replayed']).toBe('true');
    expect(repeat.body).toEqual(first.body);
    expect(await rowCounts(f.tenantId)).toEqual(afterFirst);
  });

  it.each(CREATES)('$name: the same key with another body is refused (422) and writes nothing', async (create) => {
    const f = await fixture();
    const key = randomUUID();
    const send = (payload: object) => suite.app.inject({ method: 'POST', url: create.url(f), headers: { ...f.headers, 'idempotency-key': key }, payload });
    expect((await send(create.first(f))).statusCode).toBe(create.status);
    const afterFirst = await rowCounts(f.tenantId);
    const reused = await send(create.other(f));
    expect(reused.statusCode, reused.body).toBe(422);
    expect(reused.json().error.code).toBe('request.idempotency_key_reused');
    expect(await rowCounts(f.tenantId)).toEqual(afterFirst);
  });

  it('a key is per operation: the same key on two different creates makes both', async () => {
    const f = await fixture();
    const headers = { ...f.headers, 'idempotency-key': 'one-key-two-creates' };
    const note = await suite.app.inject({ method: 'POST', url: `/api/v1/records/entries/${f.person}/notes`, headers, payload: { body: 'A note.' } });
    const company = await suite.app.inject({ method: 'POST', url: '/api/v1/records/companies', headers, payload: { name: 'Other Co' } });
    expect([note.statusCode, company.statusCode]).toEqual([201, 201]);
  });

  it('the same key and body on another record is another request (422)', async () => {
    const f = await fixture();
    const headers = { ...f.headers, 'idempotency-key': 'note-on-which-record' };
    expect((await suite.app.inject({ method: 'POST', url: `/api/v1/records/entries/${f.person}/notes`, headers, payload: { body: 'Same words.' } })).statusCode).toBe(201);
    const elsewhere = await suite.app.inject({ method: 'POST', url: `/api/v1/records/entries/${f.company}/notes`, headers, payload: { body: 'Same words.' } });
    expect(elsewhere.statusCode).toBe(422);
    expect(elsewhere.json().error.code).toBe('request.idempotency_key_reused');
  });

  it('a create that failed keeps no key: the retry runs anew', async () => {
    const f = await fixture();
    const headers = { ...f.headers, 'idempotency-key': 'retry-after-404' };
    const payload = { companyId: randomUUID() };
    const missing = await suite.app.inject({ method: 'POST', url: `/api/v1/records/people/${f.person}/links`, headers, payload });
    expect(missing.json().error.code).toBe('record.company_not_found');
    const again = await suite.app.inject({ method: 'POST', url: `/api/v1/records/people/${f.person}/links`, headers, payload });
    expect(again.json().error.code).toBe('record.company_not_found');
    expect(again.headers['idempotent-replayed']).toBeUndefined();
  });
});

describe('Idempotency-Key on a CSV import', () => {
  const CSV = 'name,email,ssn\r\nAlice,alice@example.test,123-45-6789\r\nBob,bob@example.test,\r\n';
  const upload = (f: TestTenantUser, key: string, csv: string, query = 'kind=person') =>
    suite.app.inject({ method: 'POST', url: `/api/v1/records/imports?${query}`, payload: csv, headers: { ...f.headers, 'content-type': 'text/csv', 'idempotency-key': key } });

  it('imports a file once however often it is sent with its key', async () => {
    const f = await createTenantWithUser(suite.platform);
    const first = await upload(f, 'import-1', CSV);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ status: 'imported', rowsImported: 2 });
    const counts = await rowCounts(f.tenantId);
    expect(counts).toMatchObject({ records: 2, record_imports: 1 });
    const repeat = await upload(f, 'import-1', CSV);
    expect(repeat.statusCode).toBe(201);
    expect(repeat.headers['idempotent-replayed']).toBe('true');
    expect(repeat.json()).toEqual(first.json());
    expect(await rowCounts(f.tenantId)).toEqual(counts);
  });

  it('refuses the key with another file or other options (422) and imports nothing', async () => {
    const f = await createTenantWithUser(suite.platform);
    expect((await upload(f, 'import-2', CSV)).statusCode).toBe(201);
    const counts = await rowCounts(f.tenantId);
    for (const reused of [await upload(f, 'import-2', `${CSV}Carol,carol@example.test,\r\n`), await upload(f, 'import-2', CSV, 'kind=person&mode=valid')]) {
      expect(reused.statusCode, reused.body).toBe(422);
      expect(reused.json().error.code).toBe('request.idempotency_key_reused');
    }
    expect(await rowCounts(f.tenantId)).toEqual(counts);
  });

  it('keeps no key for a rejected file: fixed and sent again with the key, it imports', async () => {
    const f = await createTenantWithUser(suite.platform);
    const rejected = await upload(f, 'import-3', `${CSV}Dan,not-an-email,\r\n`);
    expect(rejected.json().error.code).toBe('record.import_rejected');
    expect((await rowCounts(f.tenantId)).records).toBe(0);
    const fixed = await upload(f, 'import-3', CSV);
    expect(fixed.statusCode, fixed.body).toBe(201);
    expect((await rowCounts(f.tenantId)).records).toBe(2);
  });
});

describe('50 concurrent task creates with one Idempotency-Key', () => {
  it('give one task, one email, one in-app notification and one webhook delivery', async () => {
    const member = await createTestMember(suite.platform.identityDb, suite.platform.clock);
    await suite.platform.businessDb.withTenant(member.tenantId, (tx) => tx.query('INSERT INTO tenants (id, name) VALUES ($1, $2)', [member.tenantId, 'Exactly Once Ltd']));
    const headers = testPrincipalHeader({ tenantId: member.tenantId, subject: member.id });
    const endpoint = await suite.app.inject({ method: 'POST', url: '/api/v1/webhooks/endpoints', headers, payload: { url: receiver.url, topics: [TASK_ASSIGNED_TOPIC] } });
    expect(endpoint.statusCode, endpoint.body).toBe(201);
    const record = (await suite.app.inject({ method: 'POST', url: '/api/v1/records/companies', headers, payload: { name: 'Once Corp' } })).json().id as string;
    const title = `Call once ${randomUUID().slice(0, 8)}`;

    const responses = await Promise.all(
      Array.from({ length: 50 }, () =>
        suite.app.inject({ method: 'POST', url: `/api/v1/records/entries/${record}/tasks`, headers: { ...headers, 'idempotency-key': 'assign-once' }, payload: { title, assigneeId: member.id, dueOn: '2031-06-01' } }),
      ),
    );
    expect(responses.map((response) => response.statusCode)).toEqual(Array(50).fill(201));
    expect(new Set(responses.map((response) => response.body)).size).toBe(1);
    expect(responses.filter((response) => response.headers['idempotent-replayed'] === 'true')).toHaveLength(49);
    const taskId = responses[0]!.json().id as string;

    const deliveredTo = () => receiver.requests.filter((request) => request.body.includes(taskId));
    await waitFor(async () => {
      expect(await mailsTo(member.email, `New task: ${title}`)).toHaveLength(1);
      expect((await suite.app.inject({ method: 'GET', url: '/api/v1/notifications', headers })).json().items).toHaveLength(1);
      expect(deliveredTo()).toHaveLength(1);
    });
    // Everything the one event causes has run; nothing is left to fire a second time.
    const rows = await suite.platform.businessDb.withTenant(member.tenantId, async (tx) => {
      const count = async (sql: string) => (await tx.query<{ n: number }>(sql)).rows[0]!.n;
      return {
        tasks: await count('SELECT count(*)::int AS n FROM record_tasks'),
        events: await count(`SELECT count(*)::int AS n FROM outbox_events WHERE topic = '${TASK_ASSIGNED_TOPIC}'`),
        unprocessed: await count('SELECT count(*)::int AS n FROM outbox_events WHERE processed_at IS NULL'),
        emails: await count('SELECT count(*)::int AS n FROM outbox_emails'),
        notifications: await count('SELECT count(*)::int AS n FROM notifications'),
        deliveries: await count("SELECT count(*)::int AS n FROM webhook_deliveries WHERE status = 'delivered'"),
        keys: await count("SELECT count(*)::int AS n FROM idempotency_keys WHERE key = 'assign-once'"),
      };
    });
    expect(rows).toEqual({ tasks: 1, events: 1, unprocessed: 0, emails: 1, notifications: 1, deliveries: 1, keys: 1 });
    expect(new Set(deliveredTo().map((request) => request.id)).size).toBe(1);
  });
});
