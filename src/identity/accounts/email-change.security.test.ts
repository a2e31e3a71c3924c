/**
 * Account pre-hijack. The attacker makes an account, adds a passkey, then moves the account onto a
 * victim's address that has no account yet (or simply signs up with it). The company invites the
 * victim as an admin. The victim signs up ("already registered"), resets the password, signs in
 * and accepts the invitation. The attacker then signs in with the passkey into an account that now
 * reads as the victim's, verified, and an admin of the company tenant.
 *
 * What must hold: an email change waits for the new address to confirm it, through a link that
 * only works in the requesting account's own session (so a victim clicking it changes nothing);
 * the old address stays the sign-in address and is told; a reset that verifies an address for the
 * first time removes every factor and session of the account, since whoever set them never proved
 * the address; accepting an invitation needs MFA done (or the grace window) and a verified address.
 */
import { randomUUID } from 'node:crypto';
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { describe, expect, it } from 'vitest';
import { bearer, mintToken } from '../../../test/support/api-token-holders.js';
import { createTestUser } from '../../../test/support/identity-factories.js';
import { createTestMember, enrollTotp, signIn, TEST_PASSWORD, totpCode, uniqueTestAddress } from '../../../test/support/identity-members.js';
import { mailsTo, waitForMailTokens } from '../../../test/support/mailbox-tokens.js';
import { SoftAuthenticator } from '../../../test/support/soft-authenticator.js';
import { SuiteClient, waitForMail } from '../../../test/support/suite-client.js';
import { useTestSuite } from '../../../test/support/test-suite.js';
import { ManualClock } from '../../platform/clock.js';
import { hashPassword } from '../passwords/password-hashing.js';

const clock = new ManualClock(new Date('2026-10-20T09:00:00Z'));
const suite = useTestSuite({ clock });
const NEW_PASSWORD = 'the victim chose this one';

const newClient = () => new SuiteClient(suite.app, undefined, uniqueTestAddress());
const freshAddress = (who: string) => `${who}-${randomUUID()}@example.test`;
const errorCode = (response: { json(): { error?: { code?: string } } }) => response.json().error?.code;

async function signedIn(email: string, password = TEST_PASSWORD): Promise<SuiteClient> {
  const client = newClient();
  await signIn(client, email, password);
  return client;
}

async function userRow(userId: string) {
  const { rows } = await suite.platform.identityDb.query<{ email: string; email_verified_at: Date | null }>('SELECT email, email_verified_at FROM users WHERE id = $1', [userId]);
  return rows[0]!;
}

async function factorCounts(userId: string) {
  const { rows } = await suite.platform.identityDb.query<{ totp: number; passkeys: number; codes: number; sessions: number }>(
    `SELECT (SELECT count(*)::int FROM totp_factors WHERE user_id = $1) AS totp,
            (SELECT count(*)::int FROM passkeys WHERE user_id = $1) AS passkeys,
            (SELECT count(*)::int FROM recovery_codes WHERE user_id = $1) AS codes,
            (SELECT count(*)::int FROM sessions WHERE user_id = $1 AND revoked_at IS NULL) AS sessions`,
    [userId],
  );
  return rows[0]!;
}

async function registerPasskey(client: SuiteClient): Promise<SoftAuthenticator> {
  const authenticator = new SoftAuthenticator(suite.platform.config.publicUrl);
  const options = (await client.post('/api/v1/auth/passkeys/registration/options')).json() as PublicKeyCredentialCreationOptionsJSON;
  const registered = await client.post('/api/v1/auth/passkeys/registration/verify', { response: authenticator.register(options) });
  expect(registered.statusCode, registered.body).toBe(200);
  return authenticator;
}

async function passkeySignIn(authenticator: SoftAuthenticator) {
  const browser = newClient();
  const options = (await browser.post('/api/v1/auth/passkeys/authentication/options')).json() as PublicKeyCredentialRequestOptionsJSON;
  const response = await browser.post('/api/v1/auth/passkeys/authentication/verify', { response: authenticator.authenticate(options) });
  return { browser, response };
}

async function requestChange(client: SuiteClient, email: string) {
  return client.post('/api/v1/auth/email-change', { email });
}

describe('changing the email address', () => {
  it('cannot be done through the profile any more', async () => {
    const member = await createTestMember(suite.platform.identityDb, clock);
    const client = await signedIn(member.email);
    const response = await client.request({ method: 'PATCH', url: '/api/v1/auth/profile', payload: { email: freshAddress('moved') } });
    expect([response.statusCode, errorCode(response)]).toEqual([400, 'request.invalid']);
    expect((await userRow(member.id)).email).toBe(member.email);
  });

  it('stays pending until the new address confirms: the old one still signs in and is told', async () => {
    const member = await createTestMember(suite.platform.identityDb, clock);
    const client = await signedIn(member.email);
    const target = freshAddress('new');
    const response = await requestChange(client, target);
    expect(response.statusCode, response.body).toBe(202);

    expect(await userRow(member.id)).toMatchObject({ email: member.email, email_verified_at: expect.any(Date) });
    await signedIn(member.email);
    expect((await newClient().post('/api/v1/auth/sign-in', { email: target, password: TEST_PASSWORD })).statusCode).toBe(401);
    const notice = await waitForMail(member.email, 'change the email address');
    expect(notice.text).toContain(target);
    expect(notice.text).not.toMatch(/token=/);
    const pending = (await client.get('/api/v1/auth/email-change')).json();
    expect(pending.pending).toMatchObject({ email: target });

    const [token] = await waitForMailTokens(target, 'Confirm the new email address');
    expect((await mailsTo(target, 'Confirm the new email address'))[0]!.text).toContain(`${suite.platform.config.publicUrl}/account/email/confirm?token=`);
    const confirmed = await client.post('/api/v1/auth/email-change/confirm', { token });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(await userRow(member.id)).toMatchObject({ email: target, email_verified_at: expect.any(Date) });
    await signedIn(target);
    expect((await newClient().post('/api/v1/auth/sign-in', { email: member.email, password: TEST_PASSWORD })).statusCode).toBe(401);
    // Single use.
    expect(errorCode(await client.post('/api/v1/auth/email-change/confirm', { token }))).toBe('auth.invalid_token');
  });

  it("does nothing when the link is opened in someone else's session (the victim clicking it)", async () => {
    const attacker = await createTestMember(suite.platform.identityDb, clock);
    const victimAddress = freshAddress('victim');
    expect((await requestChange(await signedIn(attacker.email), victimAddress)).statusCode).toBe(202);
    const [token] = await waitForMailTokens(victimAddress, 'Confirm the new email address');

    const victim = await createTestMember(suite.platform.identityDb, clock);
    const clicked = await (await signedIn(victim.email)).post('/api/v1/auth/email-change/confirm', { token });
    expect([clicked.statusCode, errorCode(clicked)]).toEqual([400, 'auth.invalid_token']);
    expect((await userRow(attacker.id)).email).toBe(attacker.email);
    expect((await userRow(victim.id)).email).toBe(victim.email);
  });

  it('expires after 24 hours', async () => {
    const member = await createTestMember(suite.platform.identityDb, clock, { graceUntil: new Date(clock.now().getTime() + 30 * 86_400_000) });
    const target = freshAddress('late');
    expect((await requestChange(await signedIn(member.email), target)).statusCode).toBe(202);
    const [token] = await waitForMailTokens(target, 'Confirm the new email address');
    clock.advance(24 * 3600_000 + 60_000);
    const late = await (await signedIn(member.email)).post('/api/v1/auth/email-change/confirm', { token });
    expect(errorCode(late)).toBe('auth.invalid_token');
    expect((await userRow(member.id)).email).toBe(member.email);
  });

  it('re-checks at confirmation that no other account took the address meanwhile', async () => {
    const member = await createTestMember(suite.platform.identityDb, clock);
    const client = await signedIn(member.email);
    const target = freshAddress('contested');
    expect((await requestChange(client, target)).statusCode).toBe(202);
    const [token] = await waitForMailTokens(target, 'Confirm the new email address');
    await createTestUser(suite.platform.identityDb, { email: target, passwordHash: await hashPassword(TEST_PASSWORD) });

    const confirmed = await client.post('/api/v1/auth/email-change/confirm', { token });
    expect([confirmed.statusCode, errorCode(confirmed)]).toEqual([409, 'account.email_taken']);
    expect((await userRow(member.id)).email).toBe(member.email);
  });

  it("answers a change onto another account's address like any other, and mails no link", async () => {
    const member = await createTestMember(suite.platform.identityDb, clock);
    const other = await createTestMember(suite.platform.identityDb, clock);
    const response = await requestChange(await signedIn(member.email), other.email);
    expect(response.statusCode).toBe(202);
    await waitForMail(other.email, 'Someone tried to use your address');
    expect(await mailsTo(other.email, 'Confirm the new email address')).toEqual([]);
  });
});

describe('a reset that verifies an address for the first time', () => {
  it('removes every factor and session that whoever signed up with it had set', async () => {
    // The attacker's account holds the victim's address unverified, with factors, as the old
    // profile update left such accounts (they moved onto it after setting up a passkey).
    const victimAddress = freshAddress('victim');
    const user = await createTestMember(suite.platform.identityDb, clock);
    const attacker = await signedIn(user.email);
    const passkey = await registerPasskey(attacker);
    await enrollTotp(attacker, clock);
    // A personal access token made then outlives every session unless the reset ends it too.
    await suite.platform.businessDb.withTenant(user.tenantId, (tx) => tx.query('INSERT INTO tenants (id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING', [user.tenantId, 'mirrored']));
    const attackersToken = await mintToken({ ...user, browser: attacker, clock }, ['labels:read']);
    expect((await suite.app.inject({ method: 'GET', url: '/api/v1/records/labels', headers: bearer(attackersToken.secret) })).statusCode).toBe(200);
    await suite.platform.identityDb.query('UPDATE users SET email = $2, email_normalized = $2, email_verified_at = NULL WHERE id = $1', [user.id, victimAddress]);
    expect(await factorCounts(user.id)).toMatchObject({ totp: 1, passkeys: 1, codes: 10 });

    // The victim, who owns the mailbox, resets the password.
    expect((await newClient().post('/api/v1/auth/password/forgot', { email: victimAddress })).statusCode).toBe(202);
    const [token] = await waitForMailTokens(victimAddress, 'Reset your bsns password');
    expect((await newClient().post('/api/v1/auth/password/reset', { token, password: NEW_PASSWORD })).statusCode).toBe(200);

    expect(await factorCounts(user.id)).toEqual({ totp: 0, passkeys: 0, codes: 0, sessions: 0 });
    expect((await passkeySignIn(passkey)).response.statusCode).toBe(401);
    const tokenRead = await suite.app.inject({ method: 'GET', url: '/api/v1/records/labels', headers: bearer(attackersToken.secret) });
    expect(tokenRead.statusCode, tokenRead.body).toBe(401);
    // The attacker's session is revoked: state changes stop now, reads once the token expires.
    expect((await attacker.request({ method: 'PATCH', url: '/api/v1/auth/profile', payload: { displayName: 'Still here' } })).statusCode).toBe(401);
    clock.advance(11 * 60_000);
    expect((await attacker.get('/api/v1/auth/tenants')).statusCode).toBe(401);
  });

  it('keeps the factors of an address that was already verified, and still ends its tokens', async () => {
    const member = await createTestMember(suite.platform.identityDb, clock);
    const session = await signedIn(member.email);
    await registerPasskey(session);
    await suite.platform.businessDb.withTenant(member.tenantId, (tx) => tx.query('INSERT INTO tenants (id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING', [member.tenantId, 'mirrored']));
    const apiToken = await mintToken({ ...member, browser: session, clock }, ['labels:read']);
    const readLabels = () => suite.app.inject({ method: 'GET', url: '/api/v1/records/labels', headers: bearer(apiToken.secret) });
    expect((await readLabels()).statusCode).toBe(200);
    expect((await newClient().post('/api/v1/auth/password/forgot', { email: member.email })).statusCode).toBe(202);
    const [token] = await waitForMailTokens(member.email, 'Reset your bsns password');
    expect((await newClient().post('/api/v1/auth/password/reset', { token, password: NEW_PASSWORD })).statusCode).toBe(200);
    expect(await factorCounts(member.id)).toMatchObject({ passkeys: 1, codes: 10 });
    expect((await readLabels()).statusCode).toBe(401);
  });
});

describe('accepting an invitation', () => {
  it('needs MFA done when the user has a factor', async () => {
    const company = await createTestMember(suite.platform.identityDb, clock);
    const member = await createTestMember(suite.platform.identityDb, clock);
    const setup = await signedIn(member.email);
    const { secret } = await enrollTotp(setup, clock);
    expect((await (await signedIn(company.email)).post('/api/v1/tenant/invitations', { email: member.email, role: 'admin' })).statusCode).toBe(201);
    const [token] = await waitForMailTokens(member.email, 'You are invited');

    clock.advance(30_000);
    const passwordOnly = await signedIn(member.email);
    const refused = await passwordOnly.post('/api/v1/auth/invitations/accept', { token });
    expect([refused.statusCode, errorCode(refused)]).toEqual([403, 'auth.mfa_required']);
    expect((await passwordOnly.post('/api/v1/auth/mfa/verify', { code: totpCode(secret, clock.now()) })).statusCode).toBe(200);
    expect((await passwordOnly.post('/api/v1/auth/invitations/accept', { token })).statusCode).toBe(200);
  });

  it('needs the accepting address verified, even in a live session', async () => {
    // Only accounts from before sign-in required a verified address can be here: a session
    // whose address lost (or never had) its proof.
    const company = await createTestMember(suite.platform.identityDb, clock);
    const member = await createTestMember(suite.platform.identityDb, clock);
    const session = await signedIn(member.email);
    expect((await (await signedIn(company.email)).post('/api/v1/tenant/invitations', { email: member.email, role: 'admin' })).statusCode).toBe(201);
    const [token] = await waitForMailTokens(member.email, 'You are invited');
    await suite.platform.identityDb.query('UPDATE users SET email_verified_at = NULL WHERE id = $1', [member.id]);

    const refused = await session.post('/api/v1/auth/invitations/accept', { token });
    expect([refused.statusCode, errorCode(refused)]).toEqual([403, 'invitation.email_unverified']);
    const { rows } = await suite.platform.identityDb.query('SELECT 1 FROM memberships WHERE user_id = $1 AND tenant_id = $2', [member.id, company.tenantId]);
    expect(rows).toHaveLength(0);
  });
});

describe('the whole pre-hijack story', () => {
  it('leaves the attacker outside the company tenant, and the victim with an account of their own', async () => {
    // The attacker: an account of their own, with a passkey.
    const attacker = await createTestMember(suite.platform.identityDb, clock);
    const attackerSession = await signedIn(attacker.email);
    const passkey = await registerPasskey(attackerSession);

    // Moves onto the victim's address, which has no account yet: only a request, pending.
    const victimAddress = freshAddress('victim');
    expect((await attackerSession.request({ method: 'PATCH', url: '/api/v1/auth/profile', payload: { email: victimAddress } })).statusCode).toBe(400);
    expect((await requestChange(attackerSession, victimAddress)).statusCode).toBe(202);
    expect((await userRow(attacker.id)).email).toBe(attacker.email);

    // The company invites the victim as admin.
    const company = await createTestMember(suite.platform.identityDb, clock);
    expect((await (await signedIn(company.email)).post('/api/v1/tenant/invitations', { email: victimAddress, role: 'admin' })).statusCode).toBe(201);
    const [invitation] = await waitForMailTokens(victimAddress, 'You are invited');

    // The victim signs up (the address is free), verifies, resets for good measure, and accepts.
    const victim = newClient();
    expect((await victim.post('/api/v1/auth/sign-up', { email: victimAddress, password: TEST_PASSWORD, tenantName: 'Victim Ltd' })).statusCode).toBe(202);
    const [verify] = await waitForMailTokens(victimAddress, 'Confirm your email address');
    expect((await victim.post('/api/v1/auth/verify-email', { token: verify })).statusCode).toBe(200);
    expect((await victim.post('/api/v1/auth/password/forgot', { email: victimAddress })).statusCode).toBe(202);
    const [reset] = await waitForMailTokens(victimAddress, 'Reset your bsns password');
    expect((await victim.post('/api/v1/auth/password/reset', { token: reset, password: NEW_PASSWORD })).statusCode).toBe(200);
    await signIn(victim, victimAddress, NEW_PASSWORD);
    const accepted = await victim.post('/api/v1/auth/invitations/accept', { token: invitation });
    expect(accepted.statusCode, accepted.body).toBe(200);
    // The victim clicking the attacker's confirmation link changes nothing.
    const [confirmLink] = await waitForMailTokens(victimAddress, 'Confirm the new email address');
    expect(errorCode(await victim.post('/api/v1/auth/email-change/confirm', { token: confirmLink }))).toBe('auth.invalid_token');

    // The attacker signs in with the passkey: their own account, not the victim's, and no admin of the company.
    const { browser, response } = await passkeySignIn(passkey);
    expect(response.statusCode, response.body).toBe(200);
    const session = (await browser.get('/api/v1/auth/session')).json();
    expect(session.user).toMatchObject({ id: attacker.id, email: attacker.email });
    const switched = await browser.post('/api/v1/auth/tenants/switch', { tenantId: company.tenantId });
    expect([switched.statusCode, errorCode(switched)]).toEqual([403, 'auth.not_a_member']);
    const { rows } = await suite.platform.identityDb.query<{ role: string; email: string }>(
      'SELECT m.role, u.email FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.tenant_id = $1 AND m.role = $2',
      [company.tenantId, 'admin'],
    );
    expect(rows).toEqual([{ role: 'admin', email: victimAddress }]);
  });
});
