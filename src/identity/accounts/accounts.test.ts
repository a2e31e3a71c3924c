import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../platform/clock.js';
import { createTestUser } from '../../../test/support/identity-factories.js';
import { createTestMember, signIn, TEST_PASSWORD, uniqueTestAddress } from '../../../test/support/identity-members.js';
import { waitForMailTokens } from '../../../test/support/mailbox-tokens.js';
import { SuiteClient, waitForMail } from '../../../test/support/suite-client.js';
import { useTestSuite } from '../../../test/support/test-suite.js';

const clock = new ManualClock(new Date('2026-07-01T09:00:00Z'));
const NEW_PASSWORD = 'a brand new passphrase';

const suite = useTestSuite({ clock });

const newClient = () => new SuiteClient(suite.app, undefined, uniqueTestAddress());

async function signedIn(email: string, password = TEST_PASSWORD): Promise<SuiteClient> {
  const client = newClient();
  await signIn(client, email, password);
  return client;
}

async function userRow(id: string) {
  const { rows } = await suite.platform.identityDb.query<{ email: string; email_verified_at: Date | null; display_name: string | null }>(
    'SELECT email, email_verified_at, display_name FROM users WHERE id = $1',
    [id],
  );
  return rows[0]!;
}

describe('password reset', () => {
  it('emails a link that sets a new password once', async () => {
    const member = await createTestMember(suite.platform.identityDb, clock);
    const client = newClient();
    const forgot = await client.post('/api/v1/auth/password/forgot', { email: member.email.toUpperCase() });
    expect(forgot.statusCode).toBe(202);
    expect(forgot.json()).toEqual({ status: 'reset_requested' });
    const [token] = await waitForMailTokens(member.email, 'Reset your bsns password');

    const reset = await client.post('/api/v1/auth/password/reset', { token, password: NEW_PASSWORD });
    expect(reset.statusCode, reset.body).toBe(200);
    expect((await client.post('/api/v1/auth/sign-in', { email: member.email, password: TEST_PASSWORD })).statusCode).toBe(401);
    expect((await client.post('/api/v1/auth/sign-in', { email: member.email, password: NEW_PASSWORD })).statusCode).toBe(200);
  });

  it('refuses a new password that breaks the policy without spending the token', async () => {
    const member = await createTestMember(suite.platform.identityDb, clock);
    const client = newClient();
    await client.post('/api/v1/auth/password/forgot', { email: member.email });
    const [token] = await waitForMailTokens(member.email, 'Reset your bsns password');
    expect((await client.post('/api/v1/auth/password/reset', { token, password: 'short' })).statusCode).toBe(400);
    expect((await client.post('/api/v1/auth/password/reset', { token, password: NEW_PASSWORD })).statusCode).toBe(200);
  });

  it('verifies the address of an unverified account, since the link proves the mailbox', async () => {
    const user = await createTestUser(suite.platform.identityDb, { passwordHash: null, emailVerifiedAt: null });
    const client = newClient();
    await client.post('/api/v1/auth/password/forgot', { email: user.email });
    const [token] = await waitForMailTokens(user.email, 'Reset your bsns password');
    expect((await client.post('/api/v1/auth/password/reset', { token, password: NEW_PASSWORD })).statusCode).toBe(200);
    expect((await userRow(user.id)).email_verified_at).toEqual(clock.now());
    expect((await client.post('/api/v1/auth/sign-in', { email: user.email, password: NEW_PASSWORD })).statusCode).toBe(200);
  });
});

describe('verification resend', () => {
  async function verifyTokenCount(userId: string): Promise<number> {
    const { rows } = await suite.platform.identityDb.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM email_tokens WHERE user_id = $1 AND purpose = 'verify_email'",
      [userId],
    );
    return rows[0]!.n;
  }

  it('sends a fresh link to an unverified address, and nothing to a verified one, with the same answer', async () => {
    const unverified = await createTestUser(suite.platform.identityDb, { emailVerifiedAt: null });
    const verified = await createTestUser(suite.platform.identityDb, { emailVerifiedAt: clock.now() });
    const client = newClient();
    const answers = [];
    for (const email of [unverified.email, verified.email, `nobody-${randomUUID()}@example.test`]) {
      const response = await client.post('/api/v1/auth/verify-email/resend', { email });
      answers.push({ status: response.statusCode, body: response.body });
    }
    expect(answers[0]).toEqual({ status: 202, body: JSON.stringify({ status: 'verification_requested' }) });
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    expect(await verifyTokenCount(unverified.id)).toBe(1);
    expect(await verifyTokenCount(verified.id)).toBe(0);

    const [token] = await waitForMailTokens(unverified.email, 'Confirm your email');
    expect((await client.post('/api/v1/auth/verify-email', { token })).statusCode).toBe(200);
    expect((await userRow(unverified.id)).email_verified_at).not.toBeNull();
  });
});

describe('change password', () => {
  it('needs the current password, then sets the new one and keeps this session', async () => {
    const member = await createTestMember(suite.platform.identityDb, clock);
    const client = await signedIn(member.email);
    const wrong = await client.post('/api/v1/auth/password/change', { currentPassword: 'not the password', newPassword: NEW_PASSWORD });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().error.code).toBe('account.current_password_incorrect');

    const changed = await client.post('/api/v1/auth/password/change', { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD });
    expect(changed.statusCode, changed.body).toBe(200);
    clock.advance(11 * 60_000);
    expect((await client.get('/api/v1/auth/session')).statusCode).toBe(200);
    expect((await newClient().post('/api/v1/auth/sign-in', { email: member.email, password: NEW_PASSWORD })).statusCode).toBe(200);
  });

  it('applies the password policy to the new password', async () => {
    const member = await createTestMember(suite.platform.identityDb, clock);
    const client = await signedIn(member.email);
    const response = await client.post('/api/v1/auth/password/change', { currentPassword: TEST_PASSWORD, newPassword: 'too short' });
    expect(response.statusCode).toBe(400);
  });
});

describe('profile', () => {
  it('updates and clears the display name', async () => {
    const member = await createTestMember(suite.platform.identityDb, clock);
    const client = await signedIn(member.email);
    const patch = (payload: unknown) => client.request({ method: 'PATCH', url: '/api/v1/auth/profile', payload: payload as object });
    expect((await patch({ displayName: '  Ada Lovelace ' })).json()).toEqual({ status: 'updated' });
    expect((await client.get('/api/v1/auth/session')).json().user.displayName).toBe('Ada Lovelace');
    expect((await patch({ displayName: null })).statusCode).toBe(200);
    expect((await userRow(member.id)).display_name).toBeNull();
  });

  it('moves the account to a new address once the new address confirms it, and tells the old one', async () => {
    const member = await createTestMember(suite.platform.identityDb, clock);
    const client = await signedIn(member.email);
    const newEmail = `moved-${randomUUID()}@example.test`;
    const response = await client.post('/api/v1/auth/email-change', { email: newEmail });
    expect(response.statusCode, response.body).toBe(202);
    expect(response.json()).toEqual({ status: 'confirmation_sent' });
    expect(await userRow(member.id)).toMatchObject({ email: member.email });
    await waitForMail(member.email, 'Someone asked to change the email address');

    const [token] = await waitForMailTokens(newEmail, 'Confirm the new email address');
    expect((await client.post('/api/v1/auth/email-change/confirm', { token })).statusCode).toBe(200);
    expect((await client.get('/api/v1/auth/session')).json().user).toMatchObject({ email: newEmail, emailVerified: true });
    await waitForMail(member.email, 'email address of your bsns account was changed');
  });

  it('asks for a fresh sign-in before changing the address', async () => {
    const member = await createTestMember(suite.platform.identityDb, clock);
    const client = await signedIn(member.email);
    clock.advance(11 * 60_000);
    const response = await client.post('/api/v1/auth/email-change', { email: `late-${randomUUID()}@example.test` });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('auth.fresh_auth_required');
    expect((await userRow(member.id)).email).toBe(member.email);
  });
});
