/**
 * Attacks on accounts through the public and profile endpoints.
 *
 * - Enumeration: an attacker feeds addresses to sign-up, sign-in and "forgot password" and
 *   watches the status, the body and the response time for a difference that says "this one has
 *   an account". All three must answer alike, in similar time.
 * - Reset-link host poisoning: the attacker asks for a reset of the victim's account with a
 *   forged Host / X-Forwarded-Host, hoping the emailed link points at their server and leaks the
 *   token when the victim clicks it. Links must come from the configured public URL only.
 * - Verified through the profile: an account owner (or a stolen session) sends
 *   `emailVerified: true`, `email_verified_at` or a new `email` in a profile update, to get an
 *   address marked verified without ever reading its mail; or asks to move onto an address that
 *   belongs to someone else to learn that it is registered.
 * - Reset tokens: a leaked link is replayed after use, used after it expired, or an older link
 *   is used after a newer one was asked for.
 * - Change password: the owner changes the password because a session was stolen; the thief's
 *   session must die, and the thief cannot use the change form to guess the password.
 */
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../platform/clock.js';
import { createTestMember, signIn, TEST_PASSWORD, uniqueTestAddress } from '../../../test/support/identity-members.js';
import { mailsTo, waitForMailTokens } from '../../../test/support/mailbox-tokens.js';
import { SuiteClient, waitForMail } from '../../../test/support/suite-client.js';
import { useTestSuite } from '../../../test/support/test-suite.js';

const clock = new ManualClock(new Date('2026-08-01T09:00:00Z'));
const NEW_PASSWORD = 'a brand new passphrase';
const TOKEN_LIFETIME_MS = 10 * 60_000;

// The server believes proxy headers here, so a forged X-Forwarded-Host would reach the request.
const suite = useTestSuite({ env: { TRUST_PROXY: 'true' }, clock });

const newClient = () => new SuiteClient(suite.app, undefined, uniqueTestAddress());
const member = () => createTestMember(suite.platform.identityDb, clock);
const unknownEmail = () => `nobody-${randomUUID()}@example.test`;

async function signedIn(email: string): Promise<SuiteClient> {
  const client = newClient();
  await signIn(client, email);
  return client;
}

async function emailColumns(userId: string) {
  const { rows } = await suite.platform.identityDb.query<{ email: string; email_verified_at: Date | null }>('SELECT email, email_verified_at FROM users WHERE id = $1', [
    userId,
  ]);
  return rows[0]!;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Runs a request for a known and an unknown address in turn (interleaved, after a warm-up) and
 * returns every answer and the ratio of the median times. Each request uses a fresh address and
 * client, so rate limits never turn one side into 429s.
 */
async function compareKnownAndUnknown(request: (client: SuiteClient, email: string) => Promise<LightMyRequestResponse>, rounds = 10) {
  const knownEmails = await Promise.all(Array.from({ length: rounds + 2 }, async () => (await member()).email));
  const answers = new Set<string>();
  const times = { known: [] as number[], unknown: [] as number[] };
  for (let round = 0; round < rounds + 2; round++) {
    // Alternating which side goes first cancels drift in machine load between the two.
    for (const side of round % 2 ? (['unknown', 'known'] as const) : (['known', 'unknown'] as const)) {
      const email = side === 'known' ? knownEmails[round]! : unknownEmail();
      const started = performance.now();
      const response = await request(newClient(), email);
      const elapsed = performance.now() - started;
      answers.add(`${response.statusCode} ${response.body}`);
      if (round >= 2) times[side].push(elapsed);
    }
  }
  return { answers: [...answers], ratio: median(times.known) / median(times.unknown) };
}

describe('enumeration', () => {
  it('sign-up answers a registered and a new address alike, in similar time', async () => {
    const result = await compareKnownAndUnknown((client, email) => client.post('/api/v1/auth/sign-up', { email, password: TEST_PASSWORD, tenantName: 'Probe' }));
    expect(result.answers).toEqual([`202 ${JSON.stringify({ status: 'verification_sent' })}`]);
    expect(result.ratio).toBeGreaterThan(0.5);
    expect(result.ratio).toBeLessThan(2);
  });

  it('sign-in answers a wrong password and an unknown address alike, in similar time', async () => {
    const result = await compareKnownAndUnknown((client, email) => client.post('/api/v1/auth/sign-in', { email, password: 'not the password at all' }));
    expect(result.answers).toHaveLength(1);
    expect(result.answers[0]).toMatch(/^401 .*auth\.invalid_credentials/);
    expect(result.ratio).toBeGreaterThan(0.5);
    expect(result.ratio).toBeLessThan(2);
  });

  it('forgot-password answers a registered and an unknown address alike, in similar time', async () => {
    const result = await compareKnownAndUnknown((client, email) => client.post('/api/v1/auth/password/forgot', { email }));
    expect(result.answers).toEqual([`202 ${JSON.stringify({ status: 'reset_requested' })}`]);
    expect(result.ratio).toBeGreaterThan(0.5);
    expect(result.ratio).toBeLessThan(2);
  });

  it('rate-limits forgot-password by address string, so an unknown address locks like a known one', async () => {
    const known = (await member()).email;
    const unknown = unknownEmail();
    for (const email of [known, unknown]) {
      const statuses = [];
      for (let attempt = 0; attempt < 6; attempt++) statuses.push((await newClient().post('/api/v1/auth/password/forgot', { email })).statusCode);
      expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
    }
  });
});

describe('reset-link host poisoning', () => {
  it('builds the link from the configured public URL whatever Host and X-Forwarded-Host say', async () => {
    const victim = await member();
    const response = await newClient().request({
      method: 'POST',
      url: '/api/v1/auth/password/forgot',
      payload: { email: victim.email },
      headers: { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' },
    });
    expect(response.statusCode).toBe(202);
    const mail = await waitForMail(victim.email, 'Reset your bsns password');
    const links = mail.text.match(/https?:\/\/\S+/g) ?? [];
    expect(links).toHaveLength(1);
    expect(links[0]!.startsWith(`${suite.platform.config.publicUrl}/reset-password?token=`)).toBe(true);
    expect(mail.text).not.toContain('evil.example');
  });
});

describe('an email marked verified through a profile update', () => {
  const patchProfile = (client: SuiteClient, payload: object) => client.request({ method: 'PATCH', url: '/api/v1/auth/profile', payload });

  it('rejects verification fields and the address itself outright, and leaves the columns alone', async () => {
    const user = await member();
    const client = await signedIn(user.email);
    const before = await emailColumns(user.id);
    for (const payload of [{ email: `moved-${randomUUID()}@example.test` }, { emailVerified: true }, { email_verified_at: '2020-01-01T00:00:00Z' }, { displayName: 'Mallory', emailVerified: true }]) {
      const response = await patchProfile(client, payload);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('request.invalid');
    }
    expect(await emailColumns(user.id)).toEqual(before);
    expect((await client.get('/api/v1/auth/session')).json().user).toMatchObject({ emailVerified: true, displayName: null });
  });

  it("answers a change onto another account's address like any other, and changes nothing", async () => {
    const [user, owner] = [await member(), await member()];
    const client = await signedIn(user.email);
    const taken = await client.post('/api/v1/auth/email-change', { email: owner.email.toUpperCase() });
    const free = await client.post('/api/v1/auth/email-change', { email: `free-${randomUUID()}@example.test` });
    expect(`${taken.statusCode} ${taken.body}`).toBe(`${free.statusCode} ${free.body}`);
    expect((await emailColumns(owner.id)).email).toBe(owner.email);
    expect((await emailColumns(owner.id)).email_verified_at).not.toBeNull();
    await waitForMail(owner.email, 'Someone tried to use your address');
    expect(await mailsTo(owner.email, 'Confirm the new email address')).toEqual([]);
  });
});

describe('reset tokens', () => {
  const forgot = (email: string) => newClient().post('/api/v1/auth/password/forgot', { email });
  const reset = (token: string, password = NEW_PASSWORD) => newClient().post('/api/v1/auth/password/reset', { token, password });

  it('work once, even when redeemed in parallel', async () => {
    const user = await member();
    await forgot(user.email);
    const [token] = await waitForMailTokens(user.email, 'Reset your bsns password');
    const statuses = (await Promise.all(Array.from({ length: 5 }, () => reset(token!)))).map((response) => response.statusCode);
    expect(statuses.sort()).toEqual([200, 400, 400, 400, 400]);
    const replay = await reset(token!, 'yet another passphrase');
    expect(replay.statusCode).toBe(400);
    expect(replay.json().error.code).toBe('auth.invalid_token');
  });

  it('expire after 30 minutes', async () => {
    const user = await member();
    await forgot(user.email);
    const [token] = await waitForMailTokens(user.email, 'Reset your bsns password');
    clock.advance(30 * 60_000 + 1_000);
    expect((await reset(token!)).statusCode).toBe(400);
    expect((await newClient().post('/api/v1/auth/sign-in', { email: user.email, password: TEST_PASSWORD })).statusCode).toBe(200);
  });

  it('die when a newer link is asked for', async () => {
    const user = await member();
    await forgot(user.email);
    const [older] = await waitForMailTokens(user.email, 'Reset your bsns password');
    clock.advance(1_000);
    await forgot(user.email);
    const [newer] = (await waitForMailTokens(user.email, 'Reset your bsns password', 2)).filter((token) => token !== older);
    expect((await reset(older!)).statusCode).toBe(400);
    expect((await reset(newer!)).statusCode).toBe(200);
  });

  it('mailed to an old address die when the account moves to a new one', async () => {
    const user = await member();
    const client = await signedIn(user.email);
    await forgot(user.email);
    const [token] = await waitForMailTokens(user.email, 'Reset your bsns password');
    const newEmail = `new-${randomUUID()}@example.test`;
    expect((await client.post('/api/v1/auth/email-change', { email: newEmail })).statusCode).toBe(202);
    const [confirm] = await waitForMailTokens(newEmail, 'Confirm the new email address');
    expect((await client.post('/api/v1/auth/email-change/confirm', { token: confirm })).statusCode).toBe(200);
    expect((await reset(token!)).statusCode).toBe(400);
  });

  it('sign every session out when used', async () => {
    const user = await member();
    const [first, second] = [await signedIn(user.email), await signedIn(user.email)];
    await forgot(user.email);
    const [token] = await waitForMailTokens(user.email, 'Reset your bsns password');
    expect((await reset(token!)).statusCode).toBe(200);
    clock.advance(TOKEN_LIFETIME_MS + 60_000);
    expect((await first.get('/api/v1/auth/session')).statusCode).toBe(401);
    expect((await second.get('/api/v1/auth/session')).statusCode).toBe(401);
  });
});

describe('change password', () => {
  it("ends the other sessions (the thief's) once their token expires, and keeps this one", async () => {
    const user = await member();
    const [owner, thief] = [await signedIn(user.email), await signedIn(user.email)];
    const changed = await owner.post('/api/v1/auth/password/change', { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD });
    expect(changed.statusCode, changed.body).toBe(200);
    clock.advance(TOKEN_LIFETIME_MS + 60_000);
    expect((await thief.get('/api/v1/auth/session')).statusCode).toBe(401);
    expect((await owner.get('/api/v1/auth/session')).statusCode).toBe(200);
  });

  it('counts guesses at the current password against the sign-in limit of the account', async () => {
    const user = await member();
    const thief = await signedIn(user.email);
    const statuses = [];
    for (let guess = 0; guess < 11; guess++) {
      const response = await thief.post('/api/v1/auth/password/change', { currentPassword: `guess number ${guess}`, newPassword: NEW_PASSWORD });
      statuses.push(response.statusCode);
    }
    // The successful sign-in above reset the account's counter; ten guesses spend it.
    expect(statuses).toEqual([...Array(10).fill(403), 429]);
    expect((await newClient().post('/api/v1/auth/sign-in', { email: user.email, password: TEST_PASSWORD })).statusCode).toBe(429);
  });
});
