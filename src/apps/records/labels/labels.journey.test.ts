import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../platform/clock.js';
import { createTenantOwner, PORTAL_TEST_PASSWORD } from '../../../../test/support/portal-users.js';
import { SuiteClient, typedClient } from '../../../../test/support/suite-client.js';
import { useTestSuite } from '../../../../test/support/test-suite.js';

// An API user's journey through the generated client (clients/ts): sign in, create labels, list
// them, meet a catalogued error. A change of the contract fails this test, not a customer.
const clock = new ManualClock(new Date('2026-06-01T09:00:00Z'));
const suite = useTestSuite({ clock });

describe('labels and records through the typed client', () => {
  it('signs in, creates a parent and a child, lists them and is told a name is taken', async () => {
    const owner = await createTenantOwner(suite.platform, { mfaGraceUntil: new Date(clock.now().getTime() + 86_400_000) });
    // Sign-up mirrors a new tenant into the business database; this owner was made directly.
    await suite.platform.businessDb.withTenant(owner.tenantId, (tx) => tx.query('INSERT INTO tenants (id, name) VALUES ($1, $2)', [owner.tenantId, owner.tenantName]));
    const api = typedClient(new SuiteClient(suite.app));

    const refused = await api.GET('/api/v1/records/labels');
    expect(refused.response.status).toBe(401);
    expect(refused.error?.error.code).toBe('auth.required');

    const signIn = await api.POST('/api/v1/auth/sign-in', { body: { email: owner.email, password: PORTAL_TEST_PASSWORD } });
    expect(signIn.data?.mfa.state).toBe('grace');

    const name = `Customers ${randomUUID().slice(0, 8)}`;
    const parent = await api.POST('/api/v1/records/labels', { body: { name, color: '#1d4ed8' } });
    expect(parent.response.status).toBe(201);
    expect(parent.data).toMatchObject({ name, color: '#1d4ed8', parentId: null });
    const child = await api.POST('/api/v1/records/labels', { body: { name: `${name} / VIP`, parentId: parent.data!.id } });
    expect(child.data?.parentId).toBe(parent.data!.id);

    const list = await api.GET('/api/v1/records/labels');
    expect(list.data?.items.map((label) => label.name).sort()).toEqual([name, `${name} / VIP`]);

    const taken = await api.POST('/api/v1/records/labels', { body: { name } });
    expect(taken.response.status).toBe(409);
    expect(taken.error?.error.code).toBe('label.name_taken');

    const invalid = await api.POST('/api/v1/records/labels', { body: { name: '' } });
    expect(invalid.response.status).toBe(400);
    expect(invalid.error?.error.code).toBe('request.invalid');

    // Records: a person under the label, read back and found in the list.
    const person = await api.POST('/api/v1/records/people', { body: { name: `Ada ${name}`, email: 'ada@example.test', labelIds: [parent.data!.id] } });
    expect(person.response.status).toBe(201);
    const read = await api.GET('/api/v1/records/people/{id}', { params: { path: { id: person.data!.id } } });
    expect(read.data).toMatchObject({ id: person.data!.id, name: `Ada ${name}` });
    const people = await api.GET('/api/v1/records/people', { params: { query: { q: 'Ada' } } });
    expect(people.response.status).toBe(200);
    const missing = await api.GET('/api/v1/records/people/{id}', { params: { path: { id: randomUUID() } } });
    expect(missing.response.status).toBe(404);
  });
});
