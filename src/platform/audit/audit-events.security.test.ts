/**
 * Attack story: an intruder guesses passwords, gets in, revokes the owner's other session and
 * uses a platform admin's cross-tenant access, counting on none of it leaving a trace the
 * operator can trust. Each of these must land in the platform audit log as it happens, and a
 * cross-tenant use without the permission must be refused before anything is read. A tenant's
 * admins read the entries about their tenant, and nobody else's: not a plain member, not the
 * owner of another tenant.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTestUser } from '../../../test/support/identity-factories.js';
import { createTestMember, currentSessionId, enrollTotp, signIn, TEST_PASSWORD, uniqueTestAddress, wrongTotpCode } from '../../../test/support/identity-members.js';
import { waitForMailTokens } from '../../../test/support/mailbox-tokens.js';
import { SuiteClient } from '../../../test/support/suite-client.js';
import { useTestSuite } from '../../../test/support/test-suite.js';
import { hashPassword } from '../../identity/passwords/password-hashing.js';
import { PlatformPermissionDenied } from '../access/cross-tenant-gate.js';
import { ManualClock } from '../clock.js';
import { verifyAuditChain } from './verify-audit-chain.js';

const clock = new ManualClock();
const suite = useTestSuite({ clock });

async function entriesAbout(column: 'actor_id' | 'target_id', id: string) {
  const { rows } = await suite.platform.identityDb.query<{ action: string; actor_type: string; permission: string | null; metadata: Record<string, unknown> }>(
    `SELECT action, actor_type, permission, metadata FROM platform_audit_log WHERE ${column} = $1 ORDER BY seq`,
    [id],
  );
  return rows;
}

describe('security events in the platform audit log', () => {
  it('records failed and successful sign-ins and a revoked session', async () => {
    const member = await createTestMember(suite.platform.identityDb, clock);
    const guesser = new SuiteClient(suite.app, undefined, uniqueTestAddress());
    const wrong = await guesser.post('/api/v1/auth/sign-in', { email: member.email, password: 'not the password at all' });
    expect(wrong.statusCode).toBe(401);
    const [owner, other] = [new SuiteClient(suite.app, undefined, uniqueTestAddress()), new SuiteClient(suite.app, undefined, uniqueTestAddress())];
    await signIn(owner, member.email);
    await signIn(other, member.email);
    const otherSession = await currentSessionId(other);
    expect((await owner.request({ method: 'DELETE', url: `/api/v1/auth/sessions/${otherSession}` })).statusCode).toBe(204);

    const actions = (await entriesAbout('actor_id', member.id)).map((entry) => entry.action);
    expect(actions).toEqual(['auth.sign_in.failed', 'auth.sign_in.succeeded', 'auth.sign_in.succeeded', 'auth.session.revoked']);
    const failed = (await entriesAbout('actor_id', member.id))[0]!;
    expect(failed.metadata).toEqual({ known_account: true });
    expect(JSON.stringify(await entriesAbout('actor_id', member.id))).not.toContain('not the password');
  });

  it('writes a sign-in entry naming the session it started, committed with it', async () => {
    const member = await createTestMember(suite.platform.identityDb, clock);
    const browser = new SuiteClient(suite.app, undefined, uniqueTestAddress());
    await signIn(browser, member.email);
    const sessionId = await currentSessionId(browser);
    const { rows } = await suite.platform.identityDb.query<{ target_type: string; target_id: string; metadata: unknown; client_address: string | null }>(
      "SELECT target_type, target_id, metadata, client_address FROM platform_audit_log WHERE actor_id = $1 AND action = 'auth.sign_in.succeeded'",
      [member.id],
    );
    expect(rows).toEqual([{ target_type: 'session', target_id: sessionId, metadata: { method: 'password' }, client_address: browser.remoteAddress }]);
  });

  it('records a wrong second-factor code, a spent recovery code and a failed passkey sign-in, with the address', async () => {
    const member = await createTestMember(suite.platform.identityDb, clock);
    const setup = new SuiteClient(suite.app, undefined, uniqueTestAddress());
    await signIn(setup, member.email);
    const { secret, recoveryCodes } = await enrollTotp(setup, clock);
    const intruder = new SuiteClient(suite.app, undefined, uniqueTestAddress());
    await signIn(intruder, member.email);
    const wrong = wrongTotpCode(secret, clock.now());
    expect((await intruder.post('/api/v1/auth/mfa/verify', { code: wrong })).statusCode).toBe(401);
    expect((await intruder.post('/api/v1/auth/mfa/verify', { code: recoveryCodes[0] })).statusCode).toBe(200);
    const { rows } = await suite.platform.identityDb.query<{ action: string; metadata: Record<string, unknown>; client_address: string }>(
      "SELECT action, metadata, client_address FROM platform_audit_log WHERE target_id = $1 AND action LIKE 'auth.mfa.%' ORDER BY seq",
      [member.id],
    );
    expect(rows).toEqual([
      { action: 'auth.mfa.failed', metadata: { method: 'otp' }, client_address: intruder.remoteAddress },
      { action: 'auth.mfa.recovery_code_used', metadata: {}, client_address: intruder.remoteAddress },
    ]);
    expect(JSON.stringify(rows)).not.toContain(wrong); // never the code

    const stranger = new SuiteClient(suite.app, undefined, uniqueTestAddress());
    const forged = { id: 'AAAA', rawId: 'AAAA', type: 'public-key', response: { clientDataJSON: 'AAAA', authenticatorData: 'AAAA', signature: 'AAAA' }, clientExtensionResults: {} };
    expect((await stranger.post('/api/v1/auth/passkeys/authentication/verify', { response: forged })).statusCode).toBeGreaterThanOrEqual(400);
    const passkey = await suite.platform.identityDb.query("SELECT actor_type, metadata FROM platform_audit_log WHERE client_address = $1 AND action = 'auth.sign_in.failed'", [stranger.remoteAddress]);
    expect(passkey.rows).toEqual([{ actor_type: 'anonymous', metadata: { method: 'passkey' } }]);
  });

  it('records invitations sent, withdrawn and accepted in the tenant, never the invited address', async () => {
    const owner = await createTestMember(suite.platform.identityDb, clock);
    const invitee = await createTestMember(suite.platform.identityDb, clock);
    const ownerClient = new SuiteClient(suite.app, undefined, uniqueTestAddress());
    await signIn(ownerClient, owner.email);
    const withdrawn = await ownerClient.post('/api/v1/tenant/invitations', { email: `someone-${randomUUID()}@example.test`, role: 'member' });
    expect(withdrawn.statusCode, withdrawn.body).toBe(201);
    expect((await ownerClient.request({ method: 'DELETE', url: `/api/v1/tenant/invitations/${withdrawn.json().id}` })).statusCode).toBe(204);
    expect((await ownerClient.post('/api/v1/tenant/invitations', { email: invitee.email, role: 'admin' })).statusCode).toBe(201);
    const [token] = await waitForMailTokens(invitee.email, 'You are invited');
    const inviteeClient = new SuiteClient(suite.app, undefined, uniqueTestAddress());
    await signIn(inviteeClient, invitee.email);
    expect((await inviteeClient.post('/api/v1/auth/invitations/accept', { token })).statusCode).toBe(200);

    const { rows } = await suite.platform.identityDb.query<{ action: string; actor_id: string; tenant_id: string; metadata: Record<string, unknown> }>(
      "SELECT action, actor_id, tenant_id, metadata FROM platform_audit_log WHERE action LIKE 'tenant.invitation.%' AND tenant_id = $1 ORDER BY seq",
      [owner.tenantId],
    );
    expect(rows.map((row) => [row.action, row.actor_id, row.tenant_id, row.metadata])).toEqual([
      ['tenant.invitation.sent', owner.id, owner.tenantId, { role: 'member' }],
      ['tenant.invitation.revoked', owner.id, owner.tenantId, {}],
      ['tenant.invitation.sent', owner.id, owner.tenantId, { role: 'admin' }],
      ['tenant.invitation.accepted', invitee.id, owner.tenantId, { role: 'admin' }],
    ]);
    expect(JSON.stringify(rows)).not.toContain(invitee.email);
  });

  it('records every cross-tenant use with its actor, permission and reason, and refuses one without the permission', async () => {
    const actorId = randomUUID();
    const admin = { actorId, permissions: new Set(['tenants:read'] as const) };
    const count = await suite.platform.runAcrossTenants(admin, 'tenants:read', 'support ticket 4711', async (db) => (await db.query('SELECT count(*) FROM tenants')).rowCount);
    expect(count).toBe(1);
    await expect(suite.platform.runAcrossTenants(admin, 'users:manage', 'no permission', async () => 1)).rejects.toBeInstanceOf(PlatformPermissionDenied);
    expect(await entriesAbout('actor_id', actorId)).toEqual([
      { action: 'platform.cross_tenant.accessed', actor_type: 'user', permission: 'tenants:read', metadata: { reason: 'support ticket 4711' } },
    ]);
    expect((await verifyAuditChain(suite.platform.identityDb)).broken).toBeNull();
  });
});

describe('the tenant audit view', () => {
  it("shows a tenant's admins the entries about their tenant, and refuses members", async () => {
    const db = suite.platform.identityDb;
    const ownerA = await createTestMember(db, clock);
    const plain = await createTestUser(db, { passwordHash: await hashPassword(TEST_PASSWORD), emailVerifiedAt: clock.now() });
    await db.query("INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, 'member')", [ownerA.tenantId, plain.id]);
    const owner = new SuiteClient(suite.app, undefined, uniqueTestAddress());
    await signIn(owner, ownerA.email);
    for (const role of ['admin', 'member']) {
      expect((await owner.request({ method: 'PATCH', url: `/api/v1/tenant/members/${plain.id}`, payload: { role } })).statusCode).toBe(204);
    }
    const seen = await owner.get('/api/v1/tenant/audit?action=tenant.member.role_changed');
    expect(seen.statusCode).toBe(200);
    const entries = seen.json().entries as Array<{ tenantId: string; target: { id: string }; metadata: Record<string, string> }>;
    expect(entries.map((entry) => [entry.tenantId, entry.target.id, entry.metadata.to])).toEqual([
      [ownerA.tenantId, plain.id, 'member'],
      [ownerA.tenantId, plain.id, 'admin'],
    ]);

    const member = new SuiteClient(suite.app, undefined, uniqueTestAddress());
    await signIn(member, plain.email);
    const refused = await member.get('/api/v1/tenant/audit');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('member.manage_forbidden');

    const ownerB = await createTestMember(db, clock);
    const other = new SuiteClient(suite.app, undefined, uniqueTestAddress());
    await signIn(other, ownerB.email);
    // Asking for tenant A by query is not even a parameter here: the tenant is the session's.
    const elsewhere = await other.get(`/api/v1/tenant/audit?tenant=${ownerA.tenantId}`);
    expect(elsewhere.statusCode).toBe(400);
    const own = await other.get('/api/v1/tenant/audit');
    expect((own.json().entries as Array<{ tenantId: string }>).every((entry) => entry.tenantId === ownerB.tenantId)).toBe(true);
  });
});
