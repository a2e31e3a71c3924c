/**
 * The attack: lock the owner out. Ten wrong passwords for an address, sent from anywhere, used to
 * lock the account for everyone for fifteen minutes, the owner included: anyone who knows an
 * address can keep its owner out for good. With device cookies (OWASP, "Slow Down Online
 * Guessing Attacks with Device Cookies") a browser that signed in successfully carries a signed
 * cookie bound to that account, and its attempts are counted on their own. Strangers hammering
 * the address lock out unknown clients only; the owner's known browsers still sign in.
 *
 * The attacker then tries to borrow trust: a device cookie of their own account (valid, signed,
 * but for someone else), a tampered or expired one, or a stolen one of the owner's. None of
 * them may buy more guesses than an unknown client gets: the wrong-account, tampered and expired
 * cookies count as unknown clients, and a device cookie's own counter locks that device once it
 * reaches the limit. The per-address ceiling applies to known devices too. Checked with the
 * counters in both stores: Redis (with REDIS_URL) and PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, inject, it } from 'vitest';
import { createTestMember, signIn, TEST_PASSWORD, uniqueTestAddress } from '../../../test/support/identity-members.js';
import { waitForMailTokens } from '../../../test/support/mailbox-tokens.js';
import { SuiteClient } from '../../../test/support/suite-client.js';
import { useTestSuite } from '../../../test/support/test-suite.js';
import { ManualClock } from '../../platform/clock.js';
import { normaliseAddress } from '../../platform/rate-limit/index.js';
import { IDENTITY_RATE_LIMITS } from '../rate-limit-rules.js';

const SIGN_IN = '/api/v1/auth/sign-in';
const DEVICE = 'bsns-device';
const clock = new ManualClock();

function codeOf(response: LightMyRequestResponse): string {
  return response.json().error.code;
}

describe.each([
  ['PostgreSQL', () => ({})],
  ['Redis', () => ({ REDIS_URL: inject('testRedisUrl') })],
])('device cookies, counted in %s', (_backend, env) => {
  const suite = useTestSuite({ env: env(), clock });

  const member = () => createTestMember(suite.platform.identityDb, clock);
  const newClient = () => new SuiteClient(suite.app, undefined, uniqueTestAddress());

  /** A browser that has signed in as this member once (and so holds a device cookie), signed out again. */
  async function knownBrowser(email: string): Promise<SuiteClient> {
    const client = newClient();
    await signIn(client, email);
    expect(client.cookies.get(DEVICE), 'a device cookie after sign-in').toBeTruthy();
    expect((await client.post('/api/v1/auth/sign-out')).statusCode).toBe(204);
    return client;
  }

  /** A sign-in attempt from a fresh address with exactly these cookies. */
  function attempt(email: string, password: string, cookies: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const cookie = Object.entries(cookies).map(([name, value]) => `${name}=${value}`).join('; ');
    return suite.app.inject({
      method: 'POST',
      url: SIGN_IN,
      remoteAddress: uniqueTestAddress(),
      headers: { origin: 'http://localhost:3000', ...(cookie ? { cookie } : {}) },
      payload: { email, password },
    });
  }

  async function lockOutUnknownClients(email: string, cookies: Record<string, string> = {}): Promise<void> {
    for (let guess = 0; guess < IDENTITY_RATE_LIMITS.signInAccount.limit; guess++) {
      expect(codeOf(await attempt(email, `wrong ${guess}`, cookies)), `guess ${guess + 1}`).toBe('auth.invalid_credentials');
    }
    expect(codeOf(await attempt(email, TEST_PASSWORD, cookies))).toBe('request.rate_limited');
  }

  it("locks out unknown clients but not the owner's known browser", async () => {
    const owner = await member();
    const browser = await knownBrowser(owner.email);
    const before = browser.cookies.get(DEVICE);

    await lockOutUnknownClients(owner.email);
    // Another unknown client with the right password is locked out too: that is the point.
    expect(codeOf(await attempt(owner.email, TEST_PASSWORD))).toBe('request.rate_limited');

    const response = await browser.post(SIGN_IN, { email: owner.email, password: TEST_PASSWORD });
    expect(response.statusCode, response.body).toBe(200);
    // Each successful sign-in hands out a fresh device cookie (a new nonce, a new counter).
    expect(browser.cookies.get(DEVICE)).toBeTruthy();
    expect(browser.cookies.get(DEVICE)).not.toBe(before);
  });

  it("gives no extra guesses for a valid device cookie of another account", async () => {
    const [owner, attacker] = [await member(), await member()];
    const attackersBrowser = await knownBrowser(attacker.email);
    const borrowed = { [DEVICE]: attackersBrowser.cookies.get(DEVICE)! };

    await lockOutUnknownClients(owner.email, borrowed);
    // The attacker's cookie still works for the attacker's own account (control).
    expect((await attempt(attacker.email, TEST_PASSWORD, borrowed)).statusCode).toBe(200);
  });

  it('treats a tampered or unsigned device cookie as an unknown client', async () => {
    const owner = await member();
    const genuine = (await knownBrowser(owner.email)).cookies.get(DEVICE)!;
    const [header, payload] = genuine.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'bsns-device+jwt' })).toString('base64url')}.${payload}.`;
    const resigned = `${header}.${Buffer.from(JSON.stringify({ ...claims, exp: (claims.exp as number) + 3600 })).toString('base64url')}.${genuine.split('.')[2]}`;

    await lockOutUnknownClients(owner.email);
    // Flip one bit of the signature's first byte: editing its last characters can leave the
    // decoded bytes unchanged (base64url's final character carries padding bits).
    const signature = Buffer.from(genuine.split('.')[2]!, 'base64url');
    signature[0] = signature[0]! ^ 0x01;
    const bitFlipped = `${header}.${payload}.${signature.toString('base64url')}`;
    for (const forged of [bitFlipped, unsigned, resigned, 'garbage']) {
      expect(codeOf(await attempt(owner.email, TEST_PASSWORD, { [DEVICE]: forged })), forged).toBe('request.rate_limited');
    }
    // Control: the genuine cookie gets the owner in.
    expect((await attempt(owner.email, TEST_PASSWORD, { [DEVICE]: genuine })).statusCode).toBe(200);
  });

  it('keeps device cookies and session tokens apart, though both are signed with the same keys', async () => {
    const owner = await member();
    const client = newClient();
    await signIn(client, owner.email);
    const [sessionToken, deviceToken] = [client.cookies.get('bsns-session')!, client.cookies.get(DEVICE)!];

    await lockOutUnknownClients(owner.email);
    // A session token is no device cookie...
    expect(codeOf(await attempt(owner.email, TEST_PASSWORD, { [DEVICE]: sessionToken }))).toBe('request.rate_limited');
    // ...and a device cookie is no session.
    const asSession = await suite.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie: `bsns-session=${deviceToken}` } });
    expect(asSession.statusCode).toBe(401);
  });

  it('locks out a device whose own counter reaches the limit, and only that device', async () => {
    const owner = await member();
    const stolen = (await knownBrowser(owner.email)).cookies.get(DEVICE)!;
    const otherBrowser = await knownBrowser(owner.email);

    for (let guess = 0; guess < IDENTITY_RATE_LIMITS.signInDevice.limit; guess++) {
      expect(codeOf(await attempt(owner.email, `wrong ${guess}`, { [DEVICE]: stolen })), `guess ${guess + 1}`).toBe('auth.invalid_credentials');
    }
    expect(codeOf(await attempt(owner.email, TEST_PASSWORD, { [DEVICE]: stolen }))).toBe('request.rate_limited');

    // The owner's other browser, and even an unknown client, still get in: the guesses were the device's.
    expect((await otherBrowser.post(SIGN_IN, { email: owner.email, password: TEST_PASSWORD })).statusCode).toBe(200);
    expect((await attempt(owner.email, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('trusts no device cookie issued before a password reset', async () => {
    const owner = await member();
    const before = await knownBrowser(owner.email);
    clock.advance(1_000);
    expect((await newClient().post('/api/v1/auth/password/forgot', { email: owner.email })).statusCode).toBe(202);
    const [token] = await waitForMailTokens(owner.email, 'Reset your bsns password');
    expect((await newClient().post('/api/v1/auth/password/reset', { token, password: TEST_PASSWORD })).statusCode).toBe(200);
    // Whoever held the account before the reset keeps no counter of their own: their guesses are
    // an unknown client's, and lock out the other unknown clients with them.
    await lockOutUnknownClients(owner.email, { [DEVICE]: before.cookies.get(DEVICE)! });
    expect(codeOf(await attempt(owner.email, TEST_PASSWORD))).toBe('request.rate_limited');
    // A browser that signs in after the reset is known again (the lockout lifted for the owner first).
    await suite.platform.rateLimiter.reset(IDENTITY_RATE_LIMITS.signInAccount, owner.email.toLowerCase());
    clock.advance(1_000);
    const after = await knownBrowser(owner.email);
    await lockOutUnknownClients(owner.email);
    expect((await after.post(SIGN_IN, { email: owner.email, password: TEST_PASSWORD })).statusCode).toBe(200);
  });

  it('keeps the per-address ceiling for known devices', async () => {
    const owner = await member();
    const browser = await knownBrowser(owner.email);
    const rule = IDENTITY_RATE_LIMITS.signInAddress;
    for (let hit = 0; hit < rule.limit; hit++) await suite.platform.rateLimiter.hit(rule, normaliseAddress(browser.remoteAddress));
    const response = await browser.post(SIGN_IN, { email: owner.email, password: TEST_PASSWORD });
    expect(codeOf(response)).toBe('request.rate_limited');
  });

  it('sets the device cookie HttpOnly, SameSite=Strict, Path=/, and keeps it at sign-out', async () => {
    const owner = await member();
    const client = newClient();
    const response = await client.post(SIGN_IN, { email: owner.email, password: TEST_PASSWORD });
    const raw = ([] as string[]).concat(response.headers['set-cookie'] ?? []).find((header) => header.startsWith(`${DEVICE}=`));
    expect(raw).toMatch(/; HttpOnly/);
    expect(raw).toMatch(/; SameSite=Strict/);
    expect(raw).toMatch(/; Path=\/(;|$)/);
    expect(raw).toMatch(/; Max-Age=\d+/);
    expect(raw).not.toContain(owner.email);
    const signOut = await client.post('/api/v1/auth/sign-out');
    expect(([] as string[]).concat(signOut.headers['set-cookie'] ?? []).some((header) => header.startsWith(`${DEVICE}=`))).toBe(false);
  });

  // Last: moves the shared clock.
  it('treats an expired device cookie as an unknown client', async () => {
    const owner = await member();
    const browser = await knownBrowser(owner.email);
    clock.advance(31 * 24 * 3600_000);
    await lockOutUnknownClients(owner.email);
    expect(codeOf(await browser.post(SIGN_IN, { email: owner.email, password: TEST_PASSWORD }))).toBe('request.rate_limited');
  });
});

describe('the installation-wide ceiling on unknown clients', () => {
  // The counter has one key for the whole installation, and the test fills it: in Redis, under a
  // key prefix of its own, so no other test (all share this run's databases) meets a full one.
  const suite = useTestSuite({ env: { REDIS_URL: inject('testRedisUrl'), REDIS_KEY_PREFIX: `bsns:test:${randomUUID()}:` }, clock: new ManualClock() });

  it('refuses unknown clients once it is reached, and keeps known devices signing in', async () => {
    const owner = await createTestMember(suite.platform.identityDb, suite.platform.clock);
    const browser = new SuiteClient(suite.app, undefined, uniqueTestAddress());
    await signIn(browser, owner.email);
    expect((await browser.post('/api/v1/auth/sign-out')).statusCode).toBe(204);
    const rule = IDENTITY_RATE_LIMITS.signInUnknownClients;
    await suite.platform.rateLimiter.hitAll!(Array.from({ length: rule.limit }, () => ({ rule, key: 'installation' })));
    expect((await suite.platform.rateLimiter.hit(rule, 'installation')).allowed).toBe(false);

    const stranger = await suite.app.inject({
      method: 'POST',
      url: SIGN_IN,
      remoteAddress: uniqueTestAddress(),
      headers: { origin: 'http://localhost:3000' },
      payload: { email: owner.email, password: TEST_PASSWORD },
    });
    expect(codeOf(stranger)).toBe('request.rate_limited');
    expect((await browser.post(SIGN_IN, { email: owner.email, password: TEST_PASSWORD })).statusCode).toBe(200);
  });
});
