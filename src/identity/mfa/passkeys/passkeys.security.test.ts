/**
 * The attack: a phishing site relays our WebAuthn options to the victim's browser (wrong origin),
 * or a look-alike RP asks the authenticator to sign for its own rpId; a captured assertion is
 * replayed, in sequence or in parallel; a challenge is kept until long after it should have
 * died; a cloned authenticator signs with a stale counter; one user's passkey answers a challenge
 * issued for another user, or a registration ceremony is completed for the wrong account. Each
 * must be refused, and a refused ceremony burns its challenge.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser } from '../../../../test/support/identity-factories.js';
import { testMfaDeps } from '../../../../test/support/mfa-test-deps.js';
import { SoftAuthenticator } from '../../../../test/support/soft-authenticator.js';
import { openTestPlatform } from '../../../../test/support/test-platform.js';
import type { Platform } from '../../../platform/open-platform.js';
import { CHALLENGE_TTL_MS, listPasskeys, passkeyAuthenticationOptions, passkeyRegistrationOptions, verifyPasskeyAuthentication, verifyPasskeyRegistration } from '../index.js';

let platform: Platform;
beforeAll(async () => {
  platform = await openTestPlatform();
});
afterAll(() => platform.close());

const PHISHING_ORIGIN = 'https://id.bsns-login.test';

async function newUser() {
  const deps = testMfaDeps(platform);
  const user = await createTestUser(platform.identityDb);
  const authenticator = new SoftAuthenticator(deps.rp.origin);
  const registrationOptions = () => passkeyRegistrationOptions(deps, { userId: user.id, userName: user.email, displayName: 'Victim' });
  return { deps, user, authenticator, registrationOptions };
}

async function userWithPasskey() {
  const setup = await newUser();
  await verifyPasskeyRegistration(setup.deps, { userId: setup.user.id, response: setup.authenticator.register(await setup.registrationOptions()), name: 'Key' });
  return setup;
}

describe('origin and rpId', () => {
  it('refuses a registration made on another origin', async () => {
    const { deps, user, authenticator, registrationOptions } = await newUser();
    const response = authenticator.register(await registrationOptions(), { origin: PHISHING_ORIGIN });
    await expect(verifyPasskeyRegistration(deps, { userId: user.id, response, name: 'x' })).rejects.toMatchObject({ code: 'mfa.webauthn_failed' });
    expect(await listPasskeys(deps, user.id)).toEqual([]);
  });

  it('refuses a registration scoped to another rpId', async () => {
    const { deps, user, authenticator, registrationOptions } = await newUser();
    const response = authenticator.register(await registrationOptions(), { rpId: 'bsns-login.test' });
    await expect(verifyPasskeyRegistration(deps, { userId: user.id, response, name: 'x' })).rejects.toMatchObject({ code: 'mfa.webauthn_failed' });
    expect(await listPasskeys(deps, user.id)).toEqual([]);
  });

  it('refuses an assertion made on another origin, and the challenge is spent', async () => {
    const { deps, authenticator } = await userWithPasskey();
    const options = await passkeyAuthenticationOptions(deps);
    await expect(verifyPasskeyAuthentication(deps, { response: authenticator.authenticate(options, { origin: PHISHING_ORIGIN }) })).rejects.toMatchObject({
      code: 'mfa.webauthn_failed',
    });
    await expect(verifyPasskeyAuthentication(deps, { response: authenticator.authenticate(options) })).rejects.toMatchObject({ code: 'mfa.challenge_used' });
  });

  it('refuses an assertion signed for another rpId', async () => {
    const { deps, authenticator } = await userWithPasskey();
    const options = await passkeyAuthenticationOptions(deps);
    await expect(verifyPasskeyAuthentication(deps, { response: authenticator.authenticate(options, { rpId: 'bsns.test' }) })).rejects.toMatchObject({
      code: 'mfa.webauthn_failed',
    });
  });
});

describe('challenges', () => {
  it('refuses a replayed assertion', async () => {
    const { deps, user, authenticator } = await userWithPasskey();
    const response = authenticator.authenticate(await passkeyAuthenticationOptions(deps));
    expect((await verifyPasskeyAuthentication(deps, { response })).userId).toBe(user.id);
    await expect(verifyPasskeyAuthentication(deps, { response })).rejects.toMatchObject({ code: 'mfa.challenge_used' });
  });

  it('lets exactly one of several parallel replays of one assertion through', async () => {
    const { deps, authenticator } = await userWithPasskey();
    const response = authenticator.authenticate(await passkeyAuthenticationOptions(deps));
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => verifyPasskeyAuthentication(deps, { response })));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
  });

  it('refuses a reused registration challenge', async () => {
    const { deps, user, registrationOptions } = await newUser();
    const options = await registrationOptions();
    await verifyPasskeyRegistration(deps, { userId: user.id, response: new SoftAuthenticator(deps.rp.origin).register(options), name: 'first' });
    const second = new SoftAuthenticator(deps.rp.origin).register(options);
    await expect(verifyPasskeyRegistration(deps, { userId: user.id, response: second, name: 'second' })).rejects.toMatchObject({ code: 'mfa.challenge_used' });
    expect(await listPasskeys(deps, user.id)).toHaveLength(1);
  });

  it('refuses an expired challenge, and accepts one just inside its lifetime', async () => {
    const { deps, authenticator } = await userWithPasskey();
    const late = await passkeyAuthenticationOptions(deps);
    const inTime = await passkeyAuthenticationOptions(deps);
    deps.clock.advance(CHALLENGE_TTL_MS - 1);
    await verifyPasskeyAuthentication(deps, { response: authenticator.authenticate(inTime) });
    deps.clock.advance(1);
    await expect(verifyPasskeyAuthentication(deps, { response: authenticator.authenticate(late) })).rejects.toMatchObject({ code: 'mfa.challenge_expired' });
  });

  it('refuses an expired registration challenge', async () => {
    const { deps, user, authenticator, registrationOptions } = await newUser();
    const options = await registrationOptions();
    deps.clock.advance(CHALLENGE_TTL_MS + 1);
    await expect(verifyPasskeyRegistration(deps, { userId: user.id, response: authenticator.register(options), name: 'x' })).rejects.toMatchObject({
      code: 'mfa.challenge_expired',
    });
  });

  it('refuses an assertion answering a registration challenge', async () => {
    const { deps, user, authenticator } = await userWithPasskey();
    const registration = await passkeyRegistrationOptions(deps, { userId: user.id, userName: user.email, displayName: 'Victim' });
    const forged = authenticator.authenticate({ challenge: registration.challenge, rpId: deps.rp.id });
    await expect(verifyPasskeyAuthentication(deps, { response: forged })).rejects.toMatchObject({ code: 'mfa.webauthn_failed' });
  });

  it("refuses one user's registration challenge for another user's account", async () => {
    const victim = await newUser();
    const attacker = await newUser();
    const options = await attacker.registrationOptions();
    const response = attacker.authenticator.register(options);
    await expect(verifyPasskeyRegistration(victim.deps, { userId: victim.user.id, response, name: 'planted' })).rejects.toMatchObject({ code: 'mfa.webauthn_failed' });
    expect(await listPasskeys(victim.deps, victim.user.id)).toEqual([]);
  });
});

describe('credential binding', () => {
  it("refuses another user's passkey answering a second-factor challenge", async () => {
    const victim = await userWithPasskey();
    const attacker = await userWithPasskey();
    const options = await passkeyAuthenticationOptions(victim.deps, { userId: victim.user.id });
    // The attacker's client ignores allowCredentials and answers with its own passkey.
    const response = attacker.authenticator.authenticate({ ...options, allowCredentials: undefined });
    await expect(verifyPasskeyAuthentication(victim.deps, { response })).rejects.toMatchObject({ code: 'mfa.webauthn_failed' });
  });

  it('refuses a counter that went backwards (a cloned authenticator)', async () => {
    const { deps, authenticator } = await userWithPasskey();
    authenticator.signCount = 41;
    await verifyPasskeyAuthentication(deps, { response: authenticator.authenticate(await passkeyAuthenticationOptions(deps)) }); // stored: 42
    authenticator.signCount = 40; // the clone reports 41, not above 42
    await expect(verifyPasskeyAuthentication(deps, { response: authenticator.authenticate(await passkeyAuthenticationOptions(deps)) })).rejects.toMatchObject({
      code: 'mfa.webauthn_failed',
    });
    authenticator.signCount = 41; // reports 42 again: equal is not forward either
    await expect(verifyPasskeyAuthentication(deps, { response: authenticator.authenticate(await passkeyAuthenticationOptions(deps)) })).rejects.toMatchObject({
      code: 'mfa.webauthn_failed',
    });
    await verifyPasskeyAuthentication(deps, { response: authenticator.authenticate(await passkeyAuthenticationOptions(deps)) }); // 43
  });

  it('lets only one of two raced assertions carrying the same counter through (clone racing the original)', async () => {
    const { deps, authenticator } = await userWithPasskey();
    const [first, second] = await Promise.all([passkeyAuthenticationOptions(deps), passkeyAuthenticationOptions(deps)]);
    authenticator.signCount = 6;
    const original = authenticator.authenticate(first);
    authenticator.signCount = 6;
    const clone = authenticator.authenticate(second);
    const results = await Promise.allSettled([original, clone].map((response) => verifyPasskeyAuthentication(deps, { response })));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
  });
});
