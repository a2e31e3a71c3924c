import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser } from '../../../../test/support/identity-factories.js';
import { testMfaDeps } from '../../../../test/support/mfa-test-deps.js';
import { SoftAuthenticator } from '../../../../test/support/soft-authenticator.js';
import { openTestPlatform } from '../../../../test/support/test-platform.js';
import type { Platform } from '../../../platform/open-platform.js';
import {
  hasSecondFactor,
  isMfaError,
  listFactors,
  listPasskeys,
  passkeyAuthenticationOptions,
  passkeyRegistrationOptions,
  removePasskey,
  renamePasskey,
  verifyPasskeyAuthentication,
  verifyPasskeyRegistration,
} from '../index.js';

let platform: Platform;
beforeAll(async () => {
  platform = await openTestPlatform();
});
afterAll(() => platform.close());

async function userWithPasskey() {
  const deps = testMfaDeps(platform);
  const user = await createTestUser(platform.identityDb);
  const authenticator = new SoftAuthenticator(deps.rp.origin);
  const options = await passkeyRegistrationOptions(deps, { userId: user.id, userName: user.email, displayName: 'Test User' });
  const registered = await verifyPasskeyRegistration(deps, { userId: user.id, response: authenticator.register(options), name: 'Laptop' });
  return { deps, user, authenticator, registered };
}

describe('passkey registration', () => {
  it('asks for a discoverable credential with ES256, EdDSA and RS256', async () => {
    const deps = testMfaDeps(platform);
    const user = await createTestUser(platform.identityDb);
    const options = await passkeyRegistrationOptions(deps, { userId: user.id, userName: user.email, displayName: 'Ada' });
    expect(options.rp).toEqual({ id: deps.rp.id, name: deps.rp.name });
    expect(options.user).toMatchObject({ name: user.email, displayName: 'Ada' });
    expect(options.authenticatorSelection).toMatchObject({ residentKey: 'required', requireResidentKey: true, userVerification: 'preferred' });
    expect(options.pubKeyCredParams.map((param) => param.alg)).toEqual([-7, -8, -257]);
    expect(options.excludeCredentials).toEqual([]);
    expect(options.timeout).toBe(5 * 60_000);
  });

  it('stores the credential and excludes it from the next registration', async () => {
    const { deps, user, authenticator, registered } = await userWithPasskey();
    expect(registered.name).toBe('Laptop');
    const { rows } = await platform.identityDb.query<{ public_key: Buffer; counter: string }>('SELECT public_key, counter FROM passkeys WHERE id = $1', [registered.passkeyId]);
    expect(Buffer.isBuffer(rows[0]!.public_key)).toBe(true);
    expect(rows[0]!.counter).toBe('0');
    const next = await passkeyRegistrationOptions(deps, { userId: user.id, userName: user.email, displayName: 'Ada' });
    expect(next.excludeCredentials).toEqual([{ id: authenticator.credentialId, type: 'public-key', transports: ['internal'] }]);
    expect(await hasSecondFactor(deps, user.id)).toBe(true);
  });

  it('refuses to register the same credential twice', async () => {
    const { deps, user, authenticator } = await userWithPasskey();
    const options = await passkeyRegistrationOptions(deps, { userId: user.id, userName: user.email, displayName: 'Ada' });
    await expect(verifyPasskeyRegistration(deps, { userId: user.id, response: authenticator.register(options), name: 'Again' })).rejects.toMatchObject({
      code: 'mfa.passkey_already_registered',
    });
  });
});

describe('passkey authentication', () => {
  it('signs in passwordless: no allowCredentials, and the user comes from the credential', async () => {
    const { deps, user, authenticator, registered } = await userWithPasskey();
    const options = await passkeyAuthenticationOptions(deps);
    expect(options.allowCredentials).toBeUndefined();
    expect(options.rpId).toBe(deps.rp.id);
    const result = await verifyPasskeyAuthentication(deps, { response: authenticator.authenticate(options) });
    expect(result).toEqual({ userId: user.id, passkeyId: registered.passkeyId, credentialId: authenticator.credentialId, userVerified: true });
  });

  it("serves as a second factor, offering only the user's passkeys", async () => {
    const { deps, user, authenticator } = await userWithPasskey();
    const options = await passkeyAuthenticationOptions(deps, { userId: user.id });
    expect(options.allowCredentials).toEqual([{ id: authenticator.credentialId, type: 'public-key', transports: ['internal'] }]);
    const result = await verifyPasskeyAuthentication(deps, { response: authenticator.authenticate(options) });
    expect(result.userId).toBe(user.id);
  });

  it('records the signature counter and the time of use', async () => {
    const { deps, user, authenticator, registered } = await userWithPasskey();
    deps.clock.advance(60_000);
    for (let i = 0; i < 3; i += 1) await verifyPasskeyAuthentication(deps, { response: authenticator.authenticate(await passkeyAuthenticationOptions(deps)) });
    const { rows } = await platform.identityDb.query<{ counter: string }>('SELECT counter FROM passkeys WHERE id = $1', [registered.passkeyId]);
    expect(rows[0]!.counter).toBe('3');
    const [listed] = await listPasskeys(deps, user.id);
    expect(listed?.lastUsedAt).toEqual(deps.clock.now());
  });
});

describe('passkey management', () => {
  it('lists, renames and removes only the owner’s passkeys', async () => {
    const { deps, user, registered } = await userWithPasskey();
    const stranger = await createTestUser(platform.identityDb);
    expect((await listFactors(deps, user.id)).passkeys).toMatchObject([{ id: registered.passkeyId, name: 'Laptop', deviceType: 'singleDevice', backedUp: false }]);
    expect(await listPasskeys(deps, stranger.id)).toEqual([]);

    await expect(renamePasskey(deps, { userId: stranger.id, passkeyId: registered.passkeyId, name: 'Mine now' })).rejects.toMatchObject({ code: 'mfa.factor_not_found' });
    await renamePasskey(deps, { userId: user.id, passkeyId: registered.passkeyId, name: '  Work laptop ' });
    expect((await listPasskeys(deps, user.id))[0]?.name).toBe('Work laptop');

    await expect(removePasskey(deps, { userId: stranger.id, passkeyId: registered.passkeyId })).rejects.toMatchObject({ code: 'mfa.factor_not_found' });
    await removePasskey(deps, { userId: user.id, passkeyId: registered.passkeyId });
    expect(await listPasskeys(deps, user.id)).toEqual([]);
    expect(await hasSecondFactor(deps, user.id)).toBe(false);
  });

  it('no longer accepts a removed passkey', async () => {
    const { deps, user, authenticator, registered } = await userWithPasskey();
    await removePasskey(deps, { userId: user.id, passkeyId: registered.passkeyId });
    const options = await passkeyAuthenticationOptions(deps);
    await expect(verifyPasskeyAuthentication(deps, { response: authenticator.authenticate(options) })).rejects.toMatchObject({ code: 'mfa.webauthn_failed' });
  });
});

describe('failures', () => {
  it('are typed MFA errors callers can switch on', async () => {
    const deps = testMfaDeps(platform);
    const user = await createTestUser(platform.identityDb);
    const failure = await removePasskey(deps, { userId: user.id, passkeyId: '00000000-0000-4000-8000-000000000000' }).catch((error: unknown) => error);
    expect(isMfaError(failure)).toBe(true);
    expect(isMfaError(new Error('mfa.factor_not_found'))).toBe(false);
    expect(failure).toMatchObject({ code: 'mfa.factor_not_found', status: 404 });
  });
});
