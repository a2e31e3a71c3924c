import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../platform/clock.js';
import { totpCode } from '../../test/support/identity-members.js';
import { SuiteClient, tokenFromMail, waitForMail } from '../../test/support/suite-client.js';
import { useTestSuite } from '../../test/support/test-suite.js';

const clock = new ManualClock(new Date('2026-06-01T09:00:00Z'));

const suite = useTestSuite({ clock });

async function signUpAndVerify(client: SuiteClient, email: string, password: string) {
  const signUp = await client.post('/api/v1/auth/sign-up', { email, password, tenantName: 'Acme' });
  expect(signUp.statusCode).toBe(202);
  const mail = await waitForMail(email, 'Confirm your email');
  const verified = await client.post('/api/v1/auth/verify-email', { token: tokenFromMail(mail.text) });
  expect(verified.statusCode).toBe(200);
}

describe('the password + TOTP journey', () => {
  it('signs up, verifies, enrolls TOTP, signs in again with it and launches an app', async () => {
    const client = new SuiteClient(suite.app);
    const email = `flow-${randomUUID()}@example.test`;
    const password = 'correct horse battery staple';
    await signUpAndVerify(client, email, password);

    const signIn = await client.post('/api/v1/auth/sign-in', { email, password });
    expect(signIn.statusCode).toBe(200);
    expect(signIn.json().mfa.state).toBe('grace');

    const enroll = await client.post('/api/v1/auth/totp/enroll');
    expect(enroll.statusCode).toBe(200);
    const { secret } = enroll.json();
    const confirm = await client.post('/api/v1/auth/totp/confirm', { code: totpCode(secret, clock.now()) });
    expect(confirm.statusCode).toBe(200);
    expect(confirm.json().recoveryCodes).toHaveLength(10);

    expect((await client.post('/api/v1/auth/sign-out')).statusCode).toBe(204);
    expect((await client.get('/api/v1/auth/session')).statusCode).toBe(401);

    clock.advance(60_000);
    const again = await client.post('/api/v1/auth/sign-in', { email, password });
    expect(again.json().mfa.state).toBe('required');
    expect((await client.get('/launch/records')).statusCode).toBe(403);

    const verify = await client.post('/api/v1/auth/mfa/verify', { code: totpCode(secret, clock.now()) });
    expect(verify.statusCode).toBe(200);
    expect(verify.json().mfa.state).toBe('satisfied');

    const launch = await client.get('/launch/records');
    expect(launch.statusCode).toBe(303);
    expect(launch.headers.location).toBe('http://localhost:3000/records/');

    const session = await client.get('/api/v1/auth/session');
    expect(session.json()).toMatchObject({ user: { email, emailVerified: true }, tenant: { name: 'Acme', role: 'owner' }, mfa: { state: 'satisfied' } });
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
