/**
 * Recovery codes are the way back to a second factor, not a second factor. The attack: a user
 * who never enrolled signs in with the password alone, makes recovery codes, spends one at
 * `/mfa/verify` and becomes `satisfied`, even past the grace window, so every app opens without
 * MFA. The same with codes left over after the last factor was removed. Codes must exist only
 * while a real factor (TOTP or passkey) exists: issued with the first one, deleted with the last,
 * and spendable only by a user who has one.
 */
import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';
import { describe, expect, it } from 'vitest';
import { createTestMember, enrollTotp, signIn, uniqueTestAddress } from '../../../test/support/identity-members.js';
import { SoftAuthenticator } from '../../../test/support/soft-authenticator.js';
import { SuiteClient } from '../../../test/support/suite-client.js';
import { useTestSuite } from '../../../test/support/test-suite.js';
import { ManualClock } from '../../platform/clock.js';
import { replaceRecoveryCodes } from '../mfa/recovery-codes/generate-recovery-codes.js';

const clock = new ManualClock(new Date('2026-10-05T09:00:00Z'));
const suite = useTestSuite({ clock });
const DAY_MS = 24 * 3600_000;

async function signedIn(email: string): Promise<SuiteClient> {
  const client = new SuiteClient(suite.app, undefined, uniqueTestAddress());
  await signIn(client, email);
  return client;
}

async function codeCount(userId: string): Promise<number> {
  const { rows } = await suite.platform.identityDb.query<{ count: number }>('SELECT count(*)::int AS count FROM recovery_codes WHERE user_id = $1', [userId]);
  return rows[0]!.count;
}

/** Codes written straight into the table, as an older release (or a bug) could have left them. */
async function leftoverCodes(userId: string): Promise<string[]> {
  return suite.platform.identityDb.transaction((tx) => replaceRecoveryCodes(tx, clock, userId));
}

async function expectSpendRefused(client: SuiteClient, code: string, stateAfter: string): Promise<void> {
  const spend = await client.post('/api/v1/auth/mfa/verify', { code });
  expect(spend.statusCode, spend.body).toBe(401);
  expect(spend.json().error.code).toBe('mfa.invalid_code');
  expect((await client.get('/api/v1/auth/session')).json().mfa.state).toBe(stateAfter);
  expect((await client.get('/launch/records')).statusCode).toBe(403);
}

describe('a user who never had a factor', () => {
  it('cannot make recovery codes inside the grace window', async () => {
    const member = await createTestMember(suite.platform.identityDb, clock);
    const client = await signedIn(member.email);
    const response = await client.post('/api/v1/auth/recovery-codes');
    expect(response.statusCode, response.body).toBe(403);
    expect(response.json().error.code).toBe('mfa.factor_required');
    expect(await codeCount(member.id)).toBe(0);
  });

  it('cannot make them past the grace window either', async () => {
    const member = await createTestMember(suite.platform.identityDb, clock, { graceUntil: new Date(clock.now().getTime() - DAY_MS) });
    const client = await signedIn(member.email);
    expect((await client.post('/api/v1/auth/recovery-codes')).statusCode).toBe(403);
    expect(await codeCount(member.id)).toBe(0);
  });

  it('cannot spend a leftover code to become satisfied past the grace window', async () => {
    const member = await createTestMember(suite.platform.identityDb, clock, { graceUntil: new Date(clock.now().getTime() - DAY_MS) });
    const [code] = await leftoverCodes(member.id);
    const client = await signedIn(member.email);
    await expectSpendRefused(client, code!, 'enroll');
  });
});

describe('a user whose last factor was removed after codes were made', () => {
  it('loses the codes with the authenticator app, and cannot spend one after the grace window', async () => {
    const member = await createTestMember(suite.platform.identityDb, clock);
    const client = await signedIn(member.email);
    const { factorId, recoveryCodes } = await enrollTotp(client, clock);
    expect(await codeCount(member.id)).toBe(10);

    expect((await client.request({ method: 'DELETE', url: `/api/v1/auth/totp/${factorId}` })).statusCode).toBe(204);
    expect(await codeCount(member.id)).toBe(0);

    clock.advance(8 * DAY_MS);
    const later = await signedIn(member.email);
    await expectSpendRefused(later, recoveryCodes[0]!, 'enroll');
  });

  it('keeps them while another factor remains', async () => {
    const member = await createTestMember(suite.platform.identityDb, clock);
    const client = await signedIn(member.email);
    const authenticator = new SoftAuthenticator(suite.platform.config.publicUrl);
    const options = (await client.post('/api/v1/auth/passkeys/registration/options')).json() as PublicKeyCredentialCreationOptionsJSON;
    expect((await client.post('/api/v1/auth/passkeys/registration/verify', { response: authenticator.register(options) })).statusCode).toBe(200);
    const { factorId } = await enrollTotp(client, clock);
    expect((await client.request({ method: 'DELETE', url: `/api/v1/auth/totp/${factorId}` })).statusCode).toBe(204);
    expect(await codeCount(member.id)).toBe(10);
  });
});

describe('the first passkey', () => {
  it('comes with recovery codes, which go with the last passkey', async () => {
    const member = await createTestMember(suite.platform.identityDb, clock);
    const client = await signedIn(member.email);
    const authenticator = new SoftAuthenticator(suite.platform.config.publicUrl);
    const options = (await client.post('/api/v1/auth/passkeys/registration/options')).json() as PublicKeyCredentialCreationOptionsJSON;
    const registered = await client.post('/api/v1/auth/passkeys/registration/verify', { response: authenticator.register(options) });
    expect(registered.statusCode, registered.body).toBe(200);
    expect(registered.json().recoveryCodes).toHaveLength(10);
    expect(await codeCount(member.id)).toBe(10);

    const { passkeys } = (await client.get('/api/v1/auth/passkeys')).json() as { passkeys: { id: string }[] };
    expect((await client.request({ method: 'DELETE', url: `/api/v1/auth/passkeys/${passkeys[0]!.id}` })).statusCode).toBe(204);
    expect(await codeCount(member.id)).toBe(0);
  });
});
