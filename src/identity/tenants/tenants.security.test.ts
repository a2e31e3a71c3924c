/**
 * Crossing tenant lines through the portal's tenant endpoints.
 *
 * The attacker owns tenant A (or is a plain member, or an admin) and wants into tenant B: list
 * or change B's members and invitations by putting B's ids in URLs and bodies, switch the
 * session into B, redeem an invitation that was mailed to somebody else, or grab one by moving
 * their own account onto the invited address. Inside their own tenant, a member tries to
 * manage, an admin tries to mint or unseat owners, and a removed or demoted manager keeps
 * using the role their unexpired token still names.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../platform/clock.js';
import { createTestMember, signIn, uniqueTestAddress, type TestMember } from '../../../test/support/identity-members.js';
import { waitForMailTokens } from '../../../test/support/mailbox-tokens.js';
import { SuiteClient } from '../../../test/support/suite-client.js';
import { useTestSuite } from '../../../test/support/test-suite.js';

const clock = new ManualClock(new Date('2026-09-01T09:00:00Z'));

const suite = useTestSuite({ clock });

async function signedIn(member: TestMember): Promise<SuiteClient> {
  const client = new SuiteClient(suite.app, undefined, uniqueTestAddress());
  await signIn(client, member.email);
  return client;
}

const patch = (client: SuiteClient, url: string, payload: object) => client.request({ method: 'PATCH', url, payload });
const del = (client: SuiteClient, url: string) => client.request({ method: 'DELETE', url });
const errorCode = (response: { json(): { error?: { code?: string } } }) => response.json().error?.code;

async function addMember(tenantId: string, role: 'owner' | 'admin' | 'member'): Promise<TestMember> {
  const user = await createTestMember(suite.platform.identityDb, clock);
  await suite.platform.identityDb.query('INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, $3)', [tenantId, user.id, role]);
  // Sign-in picks the tenant joined first; make the new one the user's active tenant.
  await suite.platform.identityDb.query('DELETE FROM memberships WHERE tenant_id = $1', [user.tenantId]);
  return { ...user, tenantId };
}

async function roleIn(tenantId: string, userId: string): Promise<string | null> {
  const { rows } = await suite.platform.identityDb.query<{ role: string }>('SELECT role FROM memberships WHERE tenant_id = $1 AND user_id = $2', [tenantId, userId]);
  return rows[0]?.role ?? null;
}

async function pendingInvitation(tenantId: string, email: string): Promise<{ id: string; token: string }> {
  const owner = await signedIn(await addMember(tenantId, 'owner'));
  expect((await owner.post('/api/v1/tenant/invitations', { email, role: 'member' })).statusCode).toBe(201);
  const [token] = await waitForMailTokens(email, 'You are invited');
  const { rows } = await suite.platform.identityDb.query<{ id: string }>(
    'SELECT id FROM invitations WHERE tenant_id = $1 AND email_normalized = $2 AND accepted_at IS NULL AND revoked_at IS NULL',
    [tenantId, email.toLowerCase()],
  );
  return { id: rows[0]!.id, token: token! };
}

describe('an owner of tenant A against tenant B', () => {
  it("cannot see, change or remove B's members, nor withdraw B's invitations", async () => {
    const [ownerA, ownerB] = [await createTestMember(suite.platform.identityDb, clock), await createTestMember(suite.platform.identityDb, clock)];
    const invitationB = await pendingInvitation(ownerB.tenantId, `b-invitee-${randomUUID()}@example.test`);
    const attacker = await signedIn(ownerA);

    const list = (await attacker.get('/api/v1/tenant/members')).json();
    expect(list.items.map((m: { userId: string }) => m.userId)).toEqual([ownerA.id]);
    expect((await attacker.get('/api/v1/tenant/invitations')).json().items).toEqual([]);

    const demote = await patch(attacker, `/api/v1/tenant/members/${ownerB.id}`, { role: 'member' });
    expect([demote.statusCode, errorCode(demote)]).toEqual([404, 'member.not_found']);
    const remove = await del(attacker, `/api/v1/tenant/members/${ownerB.id}`);
    expect([remove.statusCode, errorCode(remove)]).toEqual([404, 'member.not_found']);
    const withdraw = await del(attacker, `/api/v1/tenant/invitations/${invitationB.id}`);
    expect([withdraw.statusCode, errorCode(withdraw)]).toEqual([404, 'invitation.not_found']);

    expect(await roleIn(ownerB.tenantId, ownerB.id)).toBe('owner');
    const { rows } = await suite.platform.identityDb.query('SELECT 1 FROM invitations WHERE id = $1 AND revoked_at IS NULL', [invitationB.id]);
    expect(rows).toHaveLength(1);
  });

  it('cannot name tenant B in a body to act there', async () => {
    const [ownerA, ownerB] = [await createTestMember(suite.platform.identityDb, clock), await createTestMember(suite.platform.identityDb, clock)];
    const attacker = await signedIn(ownerA);
    const invite = await attacker.post('/api/v1/tenant/invitations', { email: `x-${randomUUID()}@example.test`, role: 'member', tenantId: ownerB.tenantId });
    expect([invite.statusCode, errorCode(invite)]).toEqual([400, 'request.invalid']);
    const { rows } = await suite.platform.identityDb.query('SELECT 1 FROM invitations WHERE tenant_id = $1', [ownerB.tenantId]);
    expect(rows).toEqual([]);
  });

  it('cannot switch the session into B', async () => {
    const [ownerA, ownerB] = [await createTestMember(suite.platform.identityDb, clock), await createTestMember(suite.platform.identityDb, clock)];
    const attacker = await signedIn(ownerA);
    for (const tenantId of [ownerB.tenantId, randomUUID()]) {
      const response = await attacker.post('/api/v1/auth/tenants/switch', { tenantId });
      expect([response.statusCode, errorCode(response)]).toEqual([403, 'auth.not_a_member']);
    }
    expect((await attacker.get('/api/v1/auth/session')).json().tenant.id).toBe(ownerA.tenantId);
  });

  it('cannot accept an invitation into B that was mailed to someone else', async () => {
    const [ownerA, ownerB] = [await createTestMember(suite.platform.identityDb, clock), await createTestMember(suite.platform.identityDb, clock)];
    const invitation = await pendingInvitation(ownerB.tenantId, `victim-${randomUUID()}@example.test`);
    const attacker = await signedIn(ownerA);
    const response = await attacker.post('/api/v1/auth/invitations/accept', { token: invitation.token });
    expect([response.statusCode, errorCode(response)]).toEqual([403, 'invitation.email_mismatch']);
    expect(await roleIn(ownerB.tenantId, ownerA.id)).toBeNull();
    expect((await attacker.get('/api/v1/auth/session')).json().tenant.id).toBe(ownerA.tenantId);
    // The refusal did not spend it: the real invitee can still join.
    const { rows } = await suite.platform.identityDb.query('SELECT 1 FROM invitations WHERE id = $1 AND accepted_at IS NULL', [invitation.id]);
    expect(rows).toHaveLength(1);
  });

  it('cannot grab an invitation by moving their account onto the invited address', async () => {
    const [ownerA, ownerB] = [await createTestMember(suite.platform.identityDb, clock), await createTestMember(suite.platform.identityDb, clock)];
    const invitedEmail = `unregistered-${randomUUID()}@example.test`;
    const invitation = await pendingInvitation(ownerB.tenantId, invitedEmail);
    const attacker = await signedIn(ownerA);
    // The profile no longer takes an address, and a change request leaves the account where it is.
    expect((await patch(attacker, '/api/v1/auth/profile', { email: invitedEmail })).statusCode).toBe(400);
    expect((await attacker.post('/api/v1/auth/email-change', { email: invitedEmail })).statusCode).toBe(202);
    const response = await attacker.post('/api/v1/auth/invitations/accept', { token: invitation.token });
    expect([response.statusCode, errorCode(response)]).toEqual([403, 'invitation.email_mismatch']);
    expect(await roleIn(ownerB.tenantId, ownerA.id)).toBeNull();
  });
});

describe('inside one tenant', () => {
  it('a member can list but not invite, change roles, remove or withdraw', async () => {
    const owner = await createTestMember(suite.platform.identityDb, clock);
    const member = await signedIn(await addMember(owner.tenantId, 'member'));
    const invitation = await pendingInvitation(owner.tenantId, `pending-${randomUUID()}@example.test`);
    expect((await member.get('/api/v1/tenant/members')).statusCode).toBe(200);
    // Invited addresses are not every member's business.
    const invitations = await member.get('/api/v1/tenant/invitations');
    expect([invitations.statusCode, errorCode(invitations)]).toEqual([403, 'member.manage_forbidden']);
    const attempts = [
      await member.post('/api/v1/tenant/invitations', { email: `friend-${randomUUID()}@example.test`, role: 'member' }),
      await patch(member, `/api/v1/tenant/members/${owner.id}`, { role: 'member' }),
      await del(member, `/api/v1/tenant/members/${owner.id}`),
      await del(member, `/api/v1/tenant/invitations/${invitation.id}`),
    ];
    expect(attempts.map((response) => [response.statusCode, errorCode(response)])).toEqual(Array(4).fill([403, 'member.manage_forbidden']));
    expect(await roleIn(owner.tenantId, owner.id)).toBe('owner');
  });

  it('an admin cannot invite or promote owners, nor demote or remove one', async () => {
    const owner = await createTestMember(suite.platform.identityDb, clock);
    const admin = await addMember(owner.tenantId, 'admin');
    const colleague = await addMember(owner.tenantId, 'member');
    const client = await signedIn(admin);
    const attempts = [
      await client.post('/api/v1/tenant/invitations', { email: `boss-${randomUUID()}@example.test`, role: 'owner' }),
      await patch(client, `/api/v1/tenant/members/${colleague.id}`, { role: 'owner' }),
      await patch(client, `/api/v1/tenant/members/${admin.id}`, { role: 'owner' }),
      await patch(client, `/api/v1/tenant/members/${owner.id}`, { role: 'member' }),
      await del(client, `/api/v1/tenant/members/${owner.id}`),
    ];
    expect(attempts.map((response) => [response.statusCode, errorCode(response)])).toEqual(Array(5).fill([403, 'member.owner_required']));
    expect([await roleIn(owner.tenantId, owner.id), await roleIn(owner.tenantId, admin.id), await roleIn(owner.tenantId, colleague.id)]).toEqual([
      'owner',
      'admin',
      'member',
    ]);
    // What an admin may do: manage non-owners.
    expect((await patch(client, `/api/v1/tenant/members/${colleague.id}`, { role: 'admin' })).statusCode).toBe(204);
  });

  it('two owners demoting each other at once leave one owner', async () => {
    const first = await createTestMember(suite.platform.identityDb, clock);
    const second = await addMember(first.tenantId, 'owner');
    const [a, b] = [await signedIn(first), await signedIn(second)];
    const results = await Promise.all([
      patch(a, `/api/v1/tenant/members/${second.id}`, { role: 'member' }),
      patch(b, `/api/v1/tenant/members/${first.id}`, { role: 'member' }),
    ]);
    expect(results.map((response) => response.statusCode).sort()).toEqual([204, 403]);
    const { rows } = await suite.platform.identityDb.query("SELECT 1 FROM memberships WHERE tenant_id = $1 AND role = 'owner'", [first.tenantId]);
    expect(rows).toHaveLength(1);
  });

  it('a removed admin loses the tenant at once, although the token still names it until refresh', async () => {
    const owner = await createTestMember(suite.platform.identityDb, clock);
    const admin = await addMember(owner.tenantId, 'admin');
    const adminClient = await signedIn(admin);
    expect((await del(await signedIn(owner), `/api/v1/tenant/members/${admin.id}`)).statusCode).toBe(204);

    expect((await adminClient.get('/api/v1/auth/session')).json().tenant.id).toBe(owner.tenantId);
    const list = await adminClient.get('/api/v1/tenant/members');
    expect([list.statusCode, errorCode(list)]).toEqual([403, 'auth.not_a_member']);
    const invite = await adminClient.post('/api/v1/tenant/invitations', { email: `back-${randomUUID()}@example.test`, role: 'admin' });
    expect([invite.statusCode, errorCode(invite)]).toEqual([403, 'auth.not_a_member']);

    clock.advance(11 * 60_000);
    expect((await adminClient.get('/api/v1/auth/session')).json().tenant).toBeNull();
    const after = await adminClient.get('/api/v1/tenant/members');
    expect([after.statusCode, errorCode(after)]).toEqual([403, 'auth.tenant_required']);
  });
});
