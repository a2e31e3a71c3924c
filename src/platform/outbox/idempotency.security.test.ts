/**
 * The attacks on Idempotency-Key. A key stores a create's answer for its repeats, so it is a way
 * to read an answer without making it: another member of the tenant who learns a colleague's key
 * (from a log, a shared script) replays it to read what the create answered — a webhook signing
 * secret, shown only once. Someone who reads the key table (a backup, a superuser) looks for the
 * values the creates carried: a stored answer with a secret or masked fields, or a bare hash of a
 * body whose only unknown is a date of birth, reversed by trying every date. And a hostile key
 * (too long, not ASCII, two of them) must be refused before anything runs.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestMember } from '../../../test/support/identity-members.js';
import { createTenantWithUser } from '../../../test/support/tenant-manager.js';
import { createTestTenant } from '../../../test/support/test-platform.js';
import { testPrincipalHeader, testResolvers } from '../../../test/support/test-resolvers.js';
import { useTestSuite } from '../../../test/support/test-suite.js';
import { WebhookReceiver } from '../../../test/support/webhook-receiver.js';

const suite = useTestSuite({ resolvers: testResolvers, webhookTestAllowlist: ['127.0.0.1'] });
let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await WebhookReceiver.start();
});
afterAll(() => receiver.close());

const keyRows = (tenantId: string) =>
  suite.platform.businessDb.withTenant(tenantId, async (tx) => (await tx.query<{ scope: string; request_hash: string; response_body: unknown }>('SELECT scope, request_hash, response_body FROM idempotency_keys')).rows);

describe('replaying a colleague’s key', () => {
  it('does not hand another manager of the tenant the webhook secret of the first answer', async () => {
    const owner = await createTenantWithUser(suite.platform);
    const colleague = await createTestMember(suite.platform.identityDb, suite.platform.clock, { role: 'admin' });
    await suite.platform.identityDb.query("INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, 'admin')", [owner.tenantId, colleague.id]);
    const payload = { url: receiver.url, description: 'CRM sync' };
    const create = (headers: Record<string, string>) => suite.app.inject({ method: 'POST', url: '/api/v1/webhooks/endpoints', headers: { ...headers, 'idempotency-key': 'sync-endpoint' }, payload });

    const first = await create(owner.headers);
    expect(first.statusCode, first.body).toBe(201);
    const secret = first.json().secret as string;
    // The owner's own retry gets the secret back (read again from the sealed column).
    expect((await create(owner.headers)).json().secret).toBe(secret);

    const replayed = await create(testPrincipalHeader({ tenantId: owner.tenantId, subject: colleague.id }));
    expect(replayed.statusCode).toBe(422);
    expect(replayed.json().error.code).toBe('request.idempotency_key_reused');
    expect(replayed.body).not.toContain(secret);
  });
});

describe('reading the key table', () => {
  it('finds no secret, no sensitive value and not even its masked form in a stored answer', async () => {
    const owner = await createTenantWithUser(suite.platform);
    const withKey = (key: string) => ({ ...owner.headers, 'idempotency-key': key });
    const person = await suite.app.inject({ method: 'POST', url: '/api/v1/records/people', headers: withKey('p-1'), payload: { name: 'Known Victim', ssn: '219-09-9999', dateOfBirth: '1971-03-14', licenceNumber: 'D1234-5678' } });
    expect(person.statusCode, person.body).toBe(201);
    expect(person.json().sensitive.ssn.masked).toBe('•••9999');
    const endpoint = await suite.app.inject({ method: 'POST', url: '/api/v1/webhooks/endpoints', headers: withKey('w-1'), payload: { url: receiver.url } });
    const secret = endpoint.json().secret as string;

    const stored = JSON.stringify(await keyRows(owner.tenantId));
    for (const value of ['219-09-9999', '219099999', '1971-03-14', 'D1234-5678', '•••', secret, secret.slice(-12)]) expect(stored).not.toContain(value);
    // What is kept is a reference; the repeat reads the record again, masked as before.
    const repeat = await suite.app.inject({ method: 'POST', url: '/api/v1/records/people', headers: withKey('p-1'), payload: { name: 'Known Victim', ssn: '219-09-9999', dateOfBirth: '1971-03-14', licenceNumber: 'D1234-5678' } });
    expect(repeat.json()).toEqual(person.json());
  });

  it('keeps a fingerprint keyed per tenant: the same request in two tenants leaves different hashes', async () => {
    const actor = randomUUID();
    const [a, b] = [await createTestTenant(suite.platform), await createTestTenant(suite.platform)];
    for (const tenantId of [a, b]) {
      const response = await suite.app.inject({
        method: 'POST',
        url: '/api/v1/records/people',
        headers: { ...testPrincipalHeader({ tenantId, subject: actor }), 'idempotency-key': 'same-everything' },
        payload: { name: 'Same Person', dateOfBirth: '1980-02-29' },
      });
      expect(response.statusCode, response.body).toBe(201);
    }
    const [[inA], [inB]] = [await keyRows(a), await keyRows(b)];
    expect(inA!.request_hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // An unkeyed hash of the same actor, path and body would be equal in both tenants.
    expect(inA!.request_hash).not.toBe(inB!.request_hash);
  });
});

describe('hostile keys', () => {
  it.each([
    ['empty', ''],
    ['too long', 'k'.repeat(256)],
    ['not ASCII', 'clé-unique'],
    ['with a space', 'two words'],
    ['two headers joined by the parser', 'first, second'],
  ])('refuses a key that is %s with 400 before validating or writing anything', async (_label, key) => {
    const owner = await createTenantWithUser(suite.platform);
    // An invalid body too: the key is judged first, and nothing of the request runs.
    const response = await suite.app.inject({ method: 'POST', url: '/api/v1/records/companies', headers: { ...owner.headers, 'idempotency-key': key }, payload: { name: '' } });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error.code).toBe('request.idempotency_key_invalid');
    expect(await keyRows(owner.tenantId)).toEqual([]);
  });

  it('accepts the longest key allowed', async () => {
    const owner = await createTenantWithUser(suite.platform);
    const response = await suite.app.inject({ method: 'POST', url: '/api/v1/records/companies', headers: { ...owner.headers, 'idempotency-key': '~'.repeat(255) }, payload: { name: 'Long Key Ltd' } });
    expect(response.statusCode, response.body).toBe(201);
  });
});
