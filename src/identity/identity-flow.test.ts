import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../platform/clock.js';
import { totpCode } from '../../test/support/identity-members.js';
import { SuiteClient, tokenFromMail, typedClient, waitForMail } from '../../test/support/suite-client.js';
import { useTestSuite } from '../../test/support/test-suite.js';

const clock = new ManualClock(new Date('2026-06-01T09:00:00Z'));

const suite = useTestSuite({ clock });

// The journey goes through the generated client (clients/ts): a contract break fails it.
async function signUpAndVerify(client: SuiteClient, email: string, password: string) {
  const api = typedClient(client);
  const signUp = await api.POST('/api/v1/auth/sign-up', { body: { email, password, tenantName: 'Acme' } });
  expect(signUp.response.status).toBe(202);
  const mail = await waitForMail(email, 'Confirm your email');
  const verified = await api.POST('/api/v1/auth/verify-email', { body: { token: tokenFromMail(mail.text) } });
  expect(verified.response.status).toBe(200);
}

describe('the password + TOTP journey', () => {
  it('signs up, verifies, enrolls TOTP, signs in again with it and launches an app', async () => {
    const client = new SuiteClient(suite.app);
    const api = typedClient(client);
    const email = `flow-${randomUUID()}@example.test`;
    const password = 'correct horse battery staple';
    await signUpAndVerify(client, email, password);

    const wrong = await api.POST('/api/v1/auth/sign-in', { body: { email, password: 'not the password at all' } });
    expect(wrong.response.status).toBe(401);
    expect(wrong.error?.error.code).toBe('auth.invalid_credentials');

    const signIn = await api.POST('/api/v1/auth/sign-in', { body: { email, password } });
    expect(signIn.response.status).toBe(200);
    expect(signIn.data?.mfa.state).toBe('grace');

    const enroll = await api.POST('/api/v1/auth/totp/enroll');
    expect(enroll.response.status).toBe(200);
    const secret = enroll.data!.secret;
    const confirm = await api.POST('/api/v1/auth/totp/confirm', { body: { code: totpCode(secret, clock.now()) } });
    expect(confirm.response.status).toBe(200);
    expect(confirm.data?.recoveryCodes).toHaveLength(10);

    expect((await api.POST('/api/v1/auth/sign-out')).response.status).toBe(204);
    const signedOut = await api.GET('/api/v1/auth/session');
    expect(signedOut.response.status).toBe(401);
    expect(signedOut.error?.error.code).toBe('auth.required');

    clock.advance(60_000);
    const again = await api.POST('/api/v1/auth/sign-in', { body: { email, password } });
    expect(again.data?.mfa.state).toBe('required');
    expect((await client.get('/launch/records')).statusCode).toBe(403);

    const verify = await api.POST('/api/v1/auth/mfa/verify', { body: { code: totpCode(secret, clock.now()) } });
    expect(verify.response.status).toBe(200);
    expect(verify.data?.mfa.state).toBe('satisfied');

    // The launch answers a redirect for a browser to follow: read as such, not through the JSON client.
    const launch = await client.get('/launch/records');
    expect(launch.statusCode).toBe(303);
    expect(launch.headers.location).toBe('http://localhost:3000/records/');

    const session = await api.GET('/api/v1/auth/session');
    expect(session.data).toMatchObject({ user: { email, emailVerified: true }, tenant: { name: 'Acme', role: 'owner' }, mfa: { state: 'satisfied' } });
  });

  it('forces MFA enrolment once the grace window is over', async () => {
    const client = new SuiteClient(suite.app);
    const email = `grace-${randomUUID()}@example.test`;
    await signUpAndVerify(client, email, 'a long enough password');
    clock.advance(8 * 24 * 3600_000);
    const signIn = await client.post('/api/v1/auth/sign-in', { email, password: 'a long enough password' });
    expect(signIn.json().mfa.state).toBe('enroll');
    expect((await client.get('/launch/records')).statusCode).toBe(403);
    // A fresh password sign-in may still enrol the first factor.
    expect((await client.post('/api/v1/auth/totp/enroll')).statusCode).toBe(200);
  });
});
