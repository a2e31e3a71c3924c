import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBsnsClient } from '../../../clients/ts/src/index.js';
import { signedInMember, type TokenHolder } from '../../../test/support/api-token-holders.js';
import { typedClient } from '../../../test/support/suite-client.js';
import { useTestSuite } from '../../../test/support/test-suite.js';
import { ManualClock } from '../../platform/clock.js';

// An API user's journey with a personal access token, as the README shows it: the token is made
// in the signed-in browser, then the generated client (clients/ts) speaks real HTTP to a
// listening server with nothing but `{ baseUrl, token }`. A contract break fails this test.
const clock = new ManualClock(new Date('2026-06-01T09:00:00Z'));
const suite = useTestSuite({ clock });
let baseUrl: string;

beforeAll(async () => {
  await suite.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(suite.app.server.address() as AddressInfo).port}`;
});

async function createToken(holder: TokenHolder, scopes: Array<'records:read' | 'records:write' | 'labels:read' | 'labels:write'>) {
  const created = await typedClient(holder.browser).POST('/api/v1/account/tokens', {
    body: { name: `journey ${scopes.join(' ')}`, scopes, expiresAt: new Date(clock.now().getTime() + 7 * 86_400_000).toISOString() },
  });
  expect(created.response.status, JSON.stringify(created.error)).toBe(201);
  expect(created.data!.secret).toMatch(/^pat_/);
  return { secret: created.data!.secret, id: created.data!.token.id };
}

describe('records and labels with a personal access token through the typed client', () => {
  it('creates, reads, lists, links and tags over HTTP, and a missing scope is a typed 403', async () => {
    const owner = await signedInMember(suite.app, suite.platform);
    const full = await createToken(owner, ['records:read', 'records:write', 'labels:read', 'labels:write']);
    const api = createBsnsClient({ baseUrl, token: full.secret });

    const name = `Customers ${randomUUID().slice(0, 8)}`;
    const label = await api.POST('/api/v1/records/labels', { body: { name, color: '#1d4ed8' } });
    expect(label.response.status, JSON.stringify(label.error)).toBe(201);
    expect(label.response.headers.get('ratelimit-policy')).toMatch(/^"credential-token/);
    const labels = await api.GET('/api/v1/records/labels');
    expect(labels.data?.items.map((item) => item.name)).toEqual([name]);

    const company = await api.POST('/api/v1/records/companies', { body: { name: `Acme ${name}` } });
    expect(company.response.status).toBe(201);
    const person = await api.POST('/api/v1/records/people', { body: { name: `Ada ${name}`, email: 'ada@example.test', ssn: '123-45-6789', labelIds: [label.data!.id] } });
    expect(person.response.status, JSON.stringify(person.error)).toBe(201);
    expect(person.data?.sensitive.ssn).toMatchObject({ masked: expect.stringMatching(/6789$/), available: true });
    const personId = person.data!.id;

    const linked = await api.POST('/api/v1/records/people/{id}/links', { params: { path: { id: personId } }, body: { companyId: company.data!.id } });
    expect(linked.response.status).toBe(204);
    const tagged = await api.POST('/api/v1/records/entries/{id}/labels', { params: { path: { id: company.data!.id } }, body: { labelId: label.data!.id } });
    expect(tagged.response.status).toBe(204);
    const note = await api.POST('/api/v1/records/entries/{id}/notes', { params: { path: { id: personId } }, body: { body: 'Met at the fair.' } });
    expect(note.response.status).toBe(201);

    const read = await api.GET('/api/v1/records/people/{id}', { params: { path: { id: personId } } });
    expect(read.data).toMatchObject({ id: personId, name: `Ada ${name}`, labels: { items: [{ id: label.data!.id, name }] } });
    const notes = await api.GET('/api/v1/records/entries/{id}/notes', { params: { path: { id: personId } } });
    expect(notes.data?.items.map((item) => item.body)).toEqual(['Met at the fair.']);
    const found = await api.GET('/api/v1/records/people', { params: { query: { q: 'Ada' } } });
    expect(found.data?.items.map((record) => record.id)).toEqual([personId]);
    const missing = await api.GET('/api/v1/records/people/{id}', { params: { path: { id: randomUUID() } } });
    expect(missing.response.status).toBe(404);
    expect(missing.error?.error.code).toBe('record.not_found');

    // A read-only token reads, and is refused a write with the catalogued code, before any handler.
    const reader = createBsnsClient({ baseUrl, token: (await createToken(owner, ['records:read'])).secret });
    expect((await reader.GET('/api/v1/records/people/{id}', { params: { path: { id: personId } } })).response.status).toBe(200);
    const refused = await reader.POST('/api/v1/records/people', { body: { name: 'Not allowed' } });
    expect(refused.response.status).toBe(403);
    expect(refused.error?.error.code).toBe('auth.scope_required');
    const unscoped = await reader.GET('/api/v1/records/labels');
    expect(unscoped.error?.error.code).toBe('auth.scope_required');

    // Revoked in the browser, the token stops on its next request.
    expect((await typedClient(owner.browser).DELETE('/api/v1/account/tokens/{id}', { params: { path: { id: full.id } } })).response.status).toBe(204);
    const revoked = await api.GET('/api/v1/records/labels');
    expect(revoked.response.status).toBe(401);
    expect(revoked.error?.error.code).toBe('auth.required');
  });
});
