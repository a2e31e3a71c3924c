import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../platform/clock.js';
import { createTestMember, currentSessionId, signIn, uniqueTestAddress, type TestMember } from '../../../test/support/identity-members.js';
import { waitForMailTokens } from '../../../test/support/mailbox-tokens.js';
import { SuiteClient } from '../../../test/support/suite-client.js';
import { useTestSuite } from '../../../test/support/test-suite.js';

const clock = new ManualClock(new Date('2026-07-01T09:00:00Z'));

const suite = useTestSuite({ clock });

async function signedIn(member: TestMember): Promise<SuiteClient> {
  const client = new SuiteClient(suite.app, undefined, uniqueTestAddress());
  await signIn(client, member.email);
  return client;
}

const patch = (client: SuiteClient, url: string, payload: object) => client.request({ method: 'PATCH', url, payload });
const del = (client: SuiteClient, url: string) => client.request({ method: 'DELETE', url });

/** Invites `invitee` into the owner's active tenant and returns the emailed token. */
async function invite(owner: SuiteClient, email: string, role: 'owner' | 'admin' | 'member'): Promise<string> {
  const response = await owner.post('/api/v1/tenant/invitations', { email, role });
  expect(response.statusCode, response.body).toBe(201);
  const [token] = await waitForMailTokens(email, 'You are invited');
  return token!;
}

describe('tenants', () => {
  it('lists, creates and switches tenants on the same session', async () => {
    const owner = await createTestMember(suite.platform.identityDb, clock);
    const client = await signedIn(owner);
    const list = await client.get('/api/v1/auth/tenants');
    expect(list.json().items).toEqual([expect.objectContaining({ id: owner.tenantId, role: 'owner', active: true })]);

    const name = `Second ${randomUUID().slice(0, 6)}`;
    const created = await client.post('/api/v1/auth/tenants', { name });
    expect(created.statusCode, created.body).toBe(201);
    const tenant = created.json().tenant;
    expect(tenant).toMatchObject({ name, role: 'owner', active: false });
    const mirrored = await suite.platform.businessDb.withTenant(tenant.id, (tx) => tx.query<{ name: string }>('SELECT name FROM tenants WHERE id = $1', [tenant.id]));
    expect(mirrored.rows[0]?.name).toBe(name);

    const sessionBefore = await currentSessionId(client);
    const mfaBefore = (await client.get('/api/v1/auth/session')).json().mfa;
    const switched = await client.post('/api/v1/auth/tenants/switch', { tenantId: tenant.id });
    expect(switched.statusCode, switched.body).toBe(200);
    expect(switched.json().tenant).toMatchObject({ id: tenant.id, active: true });

    const session = (await client.get('/api/v1/auth/session')).json();
    expect(session.tenant).toMatchObject({ id: tenant.id, name, role: 'owner' });
    expect(session.mfa).toEqual(mfaBefore);
    expect(await currentSessionId(client)).toBe(sessionBefore);
    const actives = (await client.get('/api/v1/auth/tenants')).json().items.filter((t: { active: boolean }) => t.active);
    expect(actives.map((t: { id: string }) => t.id)).toEqual([tenant.id]);
  });
});

describe('members and invitations', () => {
  it('invites by email, lists the invitation, and the invitee joins with the role', async () => {
    const owner = await createTestMember(suite.platform.identityDb, clock);
    const invitee = await createTestMember(suite.platform.identityDb, clock);
    const ownerClient = await signedIn(owner);
    const token = await invite(ownerClient, invitee.email, 'admin');

    const before = (await ownerClient.get('/api/v1/tenant/members')).json();
    expect(before.items).toEqual([expect.objectContaining({ userId: owner.id, role: 'owner' })]);
    expect((await ownerClient.get('/api/v1/tenant/invitations')).json().items).toEqual([expect.objectContaining({ email: invitee.email, role: 'admin', invitedBy: owner.email })]);

    const inviteeClient = await signedIn(invitee);
    const accepted = await inviteeClient.post('/api/v1/auth/invitations/accept', { token });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().tenant).toMatchObject({ id: owner.tenantId, role: 'admin', active: true });
    expect((await inviteeClient.get('/api/v1/auth/session')).json().tenant).toMatchObject({ id: owner.tenantId, role: 'admin' });

    const after = (await ownerClient.get('/api/v1/tenant/members')).json();
    expect(after.items.map((m: { userId: string; role: string }) => [m.userId, m.role])).toEqual(
      expect.arrayContaining([[owner.id, 'owner'], [invitee.id, 'admin']]),
    );
    expect((await ownerClient.get('/api/v1/tenant/invitations')).json().items).toEqual([]);
    const again = await inviteeClient.post('/api/v1/auth/invitations/accept', { token });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.code).toBe('invitation.invalid');
  });

  it('replaces a pending invitation to the same address, and revokes one on request', async () => {
    const owner = await createTestMember(suite.platform.identityDb, clock);
    const invitee = await createTestMember(suite.platform.identityDb, clock);
    const ownerClient = await signedIn(owner);
    const first = await invite(ownerClient, invitee.email, 'member');
    clock.advance(1_000);
    await ownerClient.post('/api/v1/tenant/invitations', { email: invitee.email.toUpperCase(), role: 'admin' });
    const [second] = await waitForMailTokens(invitee.email, 'You are invited', 2).then((tokens) => tokens.filter((t) => t !== first));

    const listed = (await ownerClient.get('/api/v1/tenant/invitations')).json().items;
    expect(listed).toEqual([expect.objectContaining({ email: invitee.email, role: 'admin' })]);

    const inviteeClient = await signedIn(invitee);
    expect((await inviteeClient.post('/api/v1/auth/invitations/accept', { token: first })).statusCode).toBe(400);
    expect((await del(ownerClient, `/api/v1/tenant/invitations/${listed[0].id}`)).statusCode).toBe(204);
    expect((await del(ownerClient, `/api/v1/tenant/invitations/${listed[0].id}`)).statusCode).toBe(404);
    expect((await inviteeClient.post('/api/v1/auth/invitations/accept', { token: second })).statusCode).toBe(400);
    expect((await ownerClient.get('/api/v1/tenant/invitations')).json().items).toEqual([]);
  });

  it('refuses to invite someone who is already a member', async () => {
    const owner = await createTestMember(suite.platform.identityDb, clock);
    const response = await (await signedIn(owner)).post('/api/v1/tenant/invitations', { email: owner.email, role: 'member' });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('invitation.already_member');
  });

  it('expires an invitation after seven days', async () => {
    const owner = await createTestMember(suite.platform.identityDb, clock);
    // A grace window longer than the invitation's life: MFA is not what this test is about.
    const invitee = await createTestMember(suite.platform.identityDb, clock, { graceUntil: new Date(clock.now().getTime() + 30 * 24 * 3600_000) });
    const token = await invite(await signedIn(owner), invitee.email, 'member');
    clock.advance(7 * 24 * 3600_000 + 60_000);
    const late = await (await signedIn(invitee)).post('/api/v1/auth/invitations/accept', { token });
    expect(late.statusCode).toBe(400);
    expect(late.json().error.code).toBe('invitation.invalid');
  });

  it('changes roles and removes members, keeping at least one owner', async () => {
    const owner = await createTestMember(suite.platform.identityDb, clock);
    const other = await createTestMember(suite.platform.identityDb, clock);
    await suite.platform.identityDb.query("INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, 'member')", [owner.tenantId, other.id]);
    const ownerClient = await signedIn(owner);

    const demoteSelf = await patch(ownerClient, `/api/v1/tenant/members/${owner.id}`, { role: 'admin' });
    expect(demoteSelf.statusCode).toBe(409);
    expect(demoteSelf.json().error.code).toBe('member.last_owner');
    expect((await del(ownerClient, `/api/v1/tenant/members/${owner.id}`)).json().error.code).toBe('member.last_owner');

    expect((await patch(ownerClient, `/api/v1/tenant/members/${other.id}`, { role: 'owner' })).statusCode).toBe(204);
    expect((await patch(ownerClient, `/api/v1/tenant/members/${owner.id}`, { role: 'member' })).statusCode).toBe(204);
    const roles = (await ownerClient.get('/api/v1/tenant/members')).json().items;
    expect(roles.map((m: { userId: string; role: string }) => [m.userId, m.role])).toEqual(
      expect.arrayContaining([[owner.id, 'member'], [other.id, 'owner']]),
    );

    const otherClient = await signedIn(other);
    expect((await otherClient.post('/api/v1/auth/tenants/switch', { tenantId: owner.tenantId })).statusCode).toBe(200);
    // Now a plain member, the former owner may look but not change anything.
    expect((await del(ownerClient, `/api/v1/tenant/members/${other.id}`)).json().error.code).toBe('member.manage_forbidden');
    expect((await del(otherClient, `/api/v1/tenant/members/${owner.id}`)).statusCode).toBe(204);
    expect((await otherClient.get('/api/v1/tenant/members')).json().items.map((m: { userId: string }) => m.userId)).toEqual([other.id]);
    expect((await del(otherClient, `/api/v1/tenant/members/${owner.id}`)).statusCode).toBe(404);
  });
});
