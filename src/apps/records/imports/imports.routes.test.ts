import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTestTenant } from '../../../../test/support/test-platform.js';
import { testPrincipalHeader, testResolvers } from '../../../../test/support/test-resolvers.js';
import { useTestSuite } from '../../../../test/support/test-suite.js';
import { IMPORT_MAX_BYTES } from './csv-source.js';

const suite = useTestSuite({ resolvers: testResolvers });

function upload(tenantId: string, csv: string | Buffer, query = 'kind=person') {
  return suite.app.inject({
    method: 'POST',
    url: `/api/v1/records/imports?${query}`,
    payload: csv,
    headers: { ...testPrincipalHeader({ tenantId, subject: randomUUID() }), 'content-type': 'text/csv' },
  });
}

async function names(tenantId: string): Promise<string[]> {
  return suite.platform.businessDb.withTenant(tenantId, async (tx) => (await tx.query<{ name: string }>('SELECT name FROM records ORDER BY name')).rows.map((row) => row.name));
}

const GOOD = 'name,email,ssn,date of birth\r\nAlice,alice@example.test,123-45-6789,1980-01-02\r\n"Bob, Jr.",bob@example.test,,\r\n';
const WITH_BAD_ROWS = `${GOOD}Carol,not-an-email,,\r\nDan,,12-34,\r\n`;

describe('POST /api/v1/records/imports', () => {
  it('imports every row of a valid file, sealed like a create, each with an "imported" event', async () => {
    const tenant = await createTestTenant(suite.platform);
    const response = await upload(tenant, GOOD);
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toEqual({ id: expect.any(String), status: 'imported', rowsRead: 2, rowsImported: 2, rowsRejected: 0, issues: [] });
    expect(await names(tenant)).toEqual(['Alice', 'Bob, Jr.']);
    const sealed = await suite.platform.businessDb.withTenant(tenant, async (tx) => (await tx.query<{ ssn_sealed: string }>("SELECT ssn_sealed FROM records WHERE name = 'Alice'")).rows[0]!.ssn_sealed);
    expect(sealed).not.toContain('6789');
    expect(await suite.platform.businessDb.withTenant(tenant, async (tx) => (await tx.query("SELECT 1 FROM record_activity WHERE action = 'imported'")).rowCount)).toBe(2);
  });

  it('stores a file of several batches whole, each row sealed for its own row', async () => {
    const tenant = await createTestTenant(suite.platform);
    const rows = Array.from({ length: 1201 }, (_, index) => `Person ${index},p${index}@example.test,${String(100 + (index % 500))}-45-${String(1000 + index).slice(-4)}`);
    const response = await upload(tenant, `name,email,ssn\r\n${rows.join('\r\n')}\r\n`);
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ rowsRead: 1201, rowsImported: 1201, rowsRejected: 0 });
    const counts = await suite.platform.businessDb.withTenant(tenant, async (tx) => (await tx.query<{ records: string; events: string; distinct_ciphertexts: string }>(
      "SELECT (SELECT count(*) FROM records) AS records, (SELECT count(*) FROM record_activity WHERE action = 'imported') AS events, (SELECT count(DISTINCT ssn_sealed) FROM records) AS distinct_ciphertexts",
    )).rows[0]);
    expect(counts).toEqual({ records: '1201', events: '1201', distinct_ciphertexts: '1201' });
    const lookup = await suite.app.inject({ method: 'POST', url: '/api/v1/records/lookup', payload: { ssn: '400-45-1800' }, headers: testPrincipalHeader({ tenantId: tenant }) });
    expect(lookup.json().items.map((record: { name: string }) => record.name)).toEqual(['Person 800']);
  });

  it('stores nothing from a file with bad rows, and reports each bad row without its values', async () => {
    const tenant = await createTestTenant(suite.platform);
    const response = await upload(tenant, WITH_BAD_ROWS);
    expect(response.statusCode).toBe(422);
    const { error } = response.json();
    expect(error.code).toBe('record.import_rejected');
    expect(error.details.report).toMatchObject({ status: 'rejected', rowsRead: 4, rowsImported: 0, rowsRejected: 2 });
    expect(error.details.report.issues.map((issue: { row: number }) => issue.row)).toEqual([4, 5]);
    expect(JSON.stringify(error.details.report)).not.toContain('12-34');
    expect(await names(tenant)).toEqual([]);
    // The rejection itself is kept, for the import history.
    const kept = await suite.platform.businessDb.withTenant(tenant, async (tx) => (await tx.query<{ status: string }>('SELECT status FROM record_imports')).rows);
    expect(kept).toEqual([{ status: 'rejected' }]);
  });

  it('imports only the good rows when asked to', async () => {
    const tenant = await createTestTenant(suite.platform);
    const response = await upload(tenant, WITH_BAD_ROWS, 'kind=person&mode=valid');
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ status: 'imported', rowsRead: 4, rowsImported: 2, rowsRejected: 2 });
    expect(await names(tenant)).toEqual(['Alice', 'Bob, Jr.']);
  });

  it('follows an explicit column mapping, skipping unmapped columns', async () => {
    const tenant = await createTestTenant(suite.platform);
    const response = await upload(tenant, 'Kunde,Notiz\r\nZoe,ignore me\r\n', 'kind=company&columns=name,');
    expect(response.statusCode, response.body).toBe(201);
    expect(await names(tenant)).toEqual(['Zoe']);
  });

  it.each([
    ['bytes that are not UTF-8', Buffer.concat([Buffer.from('name\r\nCaf'), Buffer.from([0xe9]), Buffer.from('\r\n')])],
    ['an unclosed quote', 'name\r\n"Open ended\r\n'],
    ['a stray quote inside a cell', 'name\r\na"b\r\n'],
    ['a formula cell with quotes, unquoted', 'name\r\n=HYPERLINK("x")\r\n'],
    ['no column mapped to name', 'colour\r\nred\r\n'],
    ['an empty file', ''],
  ])('answers 400 record.import_unreadable to %s, storing nothing', async (_, csv) => {
    const tenant = await createTestTenant(suite.platform);
    const response = await upload(tenant, csv);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error.code).toBe('record.import_unreadable');
    expect(await names(tenant)).toEqual([]);
  });

  it('answers 415 to a body that is not text/csv', async () => {
    const tenant = await createTestTenant(suite.platform);
    const headers = testPrincipalHeader({ tenantId: tenant });
    for (const request of [{ payload: { name: 'x' } }, {}]) {
      const response = await suite.app.inject({ method: 'POST', url: '/api/v1/records/imports?kind=person', headers, ...request });
      expect(response.statusCode).toBe(415);
      expect(response.json().error.code).toBe('request.unsupported_media_type');
    }
  });

  it('refuses a file over the size limit with 413, storing nothing', async () => {
    const tenant = await createTestTenant(suite.platform);
    const row = 'Somebody,somebody@example.test\r\n';
    const huge = `name,email\r\n${row.repeat(Math.ceil(IMPORT_MAX_BYTES / row.length) + 1)}`;
    const response = await upload(tenant, huge);
    expect(response.statusCode).toBe(413);
    expect(['record.import_too_large', 'request.body_too_large']).toContain(response.json().error.code);
    expect(await names(tenant)).toEqual([]);
  });

  it('previews the header, a guessed mapping and the first rows', async () => {
    const tenant = await createTestTenant(suite.platform);
    const response = await suite.app.inject({
      method: 'POST',
      url: '/api/v1/records/imports/preview',
      payload: { kind: 'person', sample: 'Full Name,E-mail,Shoe size\r\nAlice,a@example.test,38\r\nBob,b@exa' },
      headers: testPrincipalHeader({ tenantId: tenant }),
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ headers: ['Full Name', 'E-mail', 'Shoe size'], columns: ['name', 'email', ''], rows: [['Alice', 'a@example.test', '38']] });
  });

  it('answers 400 record.import_unreadable to a sample csv-parse cannot read', async () => {
    const tenant = await createTestTenant(suite.platform);
    for (const sample of ['name\na"b\n', 'name\r\n"Open ended\r\nnext,row']) {
      const response = await suite.app.inject({ method: 'POST', url: '/api/v1/records/imports/preview', payload: { kind: 'person', sample }, headers: testPrincipalHeader({ tenantId: tenant }) });
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().error.code).toBe('record.import_unreadable');
    }
  });
});

describe('GET /api/v1/records/export', () => {
  it('exports CSV with formula-injection cells escaped and no sensitive fields', async () => {
    const tenant = await createTestTenant(suite.platform);
    expect((await upload(tenant, 'name,address,ssn\r\n"=cmd|\' /C calc\'!A0",+1 Main St,123-45-6789\r\n@SUM(A1),-2 Side St,\r\n')).statusCode).toBe(201);
    const response = await suite.app.inject({ method: 'GET', url: '/api/v1/records/export?kind=person', headers: testPrincipalHeader({ tenantId: tenant }) });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = response.body.trim().split('\r\n');
    expect(lines[0]).toBe('id,name,email,phone,address,created_at');
    const cells = lines.slice(1).map((line) => line.split(','));
    expect(cells.map((row) => [row[1], row[4]])).toEqual([
      ["'=cmd|' /C calc'!A0", "'+1 Main St"],
      ["'@SUM(A1)", "'-2 Side St"],
    ]);
    expect(response.body).not.toContain('6789');
  });
});
