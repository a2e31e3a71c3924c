/**
 * The attack, through the API: a phishing site relays the portal's WebAuthn options to the victim
 * and posts back what the victim's authenticator signed for the phishing origin; a look-alike
 * relying party has the authenticator sign for its own rpId; a captured registration or assertion
 * is replayed, or a challenge is answered twice; and the owner of a passkey whose account an
 * admin disabled (or whose address nobody proved) signs in without a password anyway. Every one must be refused without a session
 * cookie, and the disabled account must get the same clean 401 as a wrong password, not a 500.
 */
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { createTestMember, signIn, uniqueTestAddress } from '../../../test/support/identity-members.js';
import { SoftAuthenticator, type CeremonyOverride } from '../../../test/support/soft-authenticator.js';
import { SuiteClient } from '../../../test/support/suite-client.js';
import { useTestSuite } from '../../../test/support/test-suite.js';
import { ManualClock } from '../../platform/clock.js';

const clock = new ManualClock();

const suite = useTestSuite({ clock });

const PHISHING_ORIGIN = 'http://localhost.evil.example:3000';

function newClient(): SuiteClient {
  return new SuiteClient(suite.app, undefined, uniqueTestAddress());
}

function expectRefused(response: LightMyRequestResponse, status: number, code: string): void {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.json().error.code).toBe(code);
  expect(response.headers['set-cookie']).toBeUndefined();
}

async function registrationOptions(client: SuiteClient): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const response = await client.post('/api/v1/auth/passkeys/registration/options');
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

async function authenticationOptions(client: SuiteClient): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const response = await client.post('/api/v1/auth/passkeys/authentication/options');
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

async function passkeyCount(userId: string): Promise<number> {
  const { rows } = await suite.platform.identityDb.query<{ count: number }>('SELECT count(*)::int AS count FROM passkeys WHERE user_id = $1', [userId]);
  return rows[0]!.count;
}

/** A signed-in member in the grace window with an authenticator that has not registered yet. */
async function freshMember() {
  const member = await createTestMember(suite.platform.identityDb, clock);
  const client = newClient();
  await signIn(client, member.email);
  return { member, client, authenticator: new SoftAuthenticator(suite.platform.config.publicUrl) };
}

/** A member with a registered passkey, and a cookie-less browser to sign in with it. */
async function memberWithPasskey() {
  const setup = await freshMember();
  const verify = await setup.client.post('/api/v1/auth/passkeys/registration/verify', { response: setup.authenticator.register(await registrationOptions(setup.client)) });
  expect(verify.statusCode, verify.body).toBe(200);
  return { ...setup, browser: newClient() };
}

describe('registration', () => {
  it.each<[string, CeremonyOverride]>([
    ['another origin', { origin: PHISHING_ORIGIN }],
    ['another rpId', { rpId: 'evil.example' }],
  ])('refuses a passkey created for %s, and the session gains nothing', async (_case, override) => {
    const { member, client, authenticator } = await freshMember();
    const response = authenticator.register(await registrationOptions(client), override);
    expectRefused(await client.post('/api/v1/auth/passkeys/registration/verify', { response }), 401, 'mfa.webauthn_failed');
    expect(await passkeyCount(member.id)).toBe(0);
    expect((await client.get('/api/v1/auth/session')).json().mfa.state).toBe('grace');
  });

  it('refuses a replayed registration, and any other answer to a spent challenge', async () => {
    const { member, client, authenticator } = await freshMember();
    const options = await registrationOptions(client);
    const response = authenticator.register(options);
    expect((await client.post('/api/v1/auth/passkeys/registration/verify', { response })).statusCode).toBe(200);
    expectRefused(await client.post('/api/v1/auth/passkeys/registration/verify', { response }), 401, 'mfa.challenge_used');
    const other = new SoftAuthenticator(suite.platform.config.publicUrl).register(options);
    expectRefused(await client.post('/api/v1/auth/passkeys/registration/verify', { response: other }), 401, 'mfa.challenge_used');
    expect(await passkeyCount(member.id)).toBe(1);
  });

  it("refuses a registration answering another user's challenge", async () => {
    const victim = await freshMember();
    const attacker = await freshMember();
    const response = attacker.authenticator.register(await registrationOptions(victim.client));
    expectRefused(await attacker.client.post('/api/v1/auth/passkeys/registration/verify', { response }), 401, 'mfa.webauthn_failed');
    expect(await passkeyCount(attacker.member.id)).toBe(0);
    expect(await passkeyCount(victim.member.id)).toBe(0);
  });
});

describe('passwordless sign-in', () => {
  it('signs in with the genuine assertion (control)', async () => {
    const { member, authenticator, browser } = await memberWithPasskey();
    const response = authenticator.authenticate(await authenticationOptions(browser));
    const verify = await browser.post('/api/v1/auth/passkeys/authentication/verify', { response });
    expect(verify.statusCode, verify.body).toBe(200);
    expect(verify.json().mfa.state).toBe('satisfied');
    expect((await browser.get('/api/v1/auth/session')).json().user.id).toBe(member.id);
    // A passkey sign-in makes the browser a known device too (a new device cookie, see device-cookies.security.test.ts).
    expect(verify.cookies.some((cookie: { name: string; value: string }) => cookie.name === 'bsns-device' && cookie.value !== '')).toBe(true);
  });

  it.each<[string, CeremonyOverride]>([
    ['another origin', { origin: PHISHING_ORIGIN }],
    ['another rpId', { rpId: 'evil.example' }],
  ])('refuses an assertion made for %s, and burns the challenge', async (_case, override) => {
    const { authenticator, browser } = await memberWithPasskey();
    const options = await authenticationOptions(browser);
    expectRefused(await browser.post('/api/v1/auth/passkeys/authentication/verify', { response: authenticator.authenticate(options, override) }), 401, 'mfa.webauthn_failed');
    expectRefused(await browser.post('/api/v1/auth/passkeys/authentication/verify', { response: authenticator.authenticate(options) }), 401, 'mfa.challenge_used');
    expect((await browser.get('/api/v1/auth/session')).statusCode).toBe(401);
  });

  it('refuses a replayed assertion and a second assertion over a spent challenge', async () => {
    const { authenticator, browser } = await memberWithPasskey();
    const options = await authenticationOptions(browser);
    const response = authenticator.authenticate(options);
    expect((await browser.post('/api/v1/auth/passkeys/authentication/verify', { response })).statusCode).toBe(200);
    const attacker = newClient();
    expectRefused(await attacker.post('/api/v1/auth/passkeys/authentication/verify', { response }), 401, 'mfa.challenge_used');
    expectRefused(await attacker.post('/api/v1/auth/passkeys/authentication/verify', { response: authenticator.authenticate(options) }), 401, 'mfa.challenge_used');
    expect((await attacker.get('/api/v1/auth/session')).statusCode).toBe(401);
  });

  it('refuses a disabled account with 401 auth.invalid_credentials and starts no session', async () => {
    const { member, authenticator, browser } = await memberWithPasskey();
    await suite.platform.identityDb.query('UPDATE users SET disabled_at = $2 WHERE id = $1', [member.id, clock.now()]);
    const sessionsBefore = await suite.platform.identityDb.query('SELECT id FROM sessions WHERE user_id = $1', [member.id]);
    const response = authenticator.authenticate(await authenticationOptions(browser));
    expectRefused(await browser.post('/api/v1/auth/passkeys/authentication/verify', { response }), 401, 'auth.invalid_credentials');
    const sessionsAfter = await suite.platform.identityDb.query('SELECT id FROM sessions WHERE user_id = $1', [member.id]);
    expect(sessionsAfter.rows).toEqual(sessionsBefore.rows);
    expect((await browser.get('/api/v1/auth/session')).statusCode).toBe(401);
  });

  it('starts no session for an address nobody proved, as a password sign-in would not', async () => {
    const { member, authenticator, browser } = await memberWithPasskey();
    await suite.platform.identityDb.query('UPDATE users SET email_verified_at = NULL WHERE id = $1', [member.id]);
    const response = authenticator.authenticate(await authenticationOptions(browser));
    expectRefused(await browser.post('/api/v1/auth/passkeys/authentication/verify', { response }), 401, 'auth.invalid_credentials');
    expect((await browser.get('/api/v1/auth/session')).statusCode).toBe(401);
  });
});
