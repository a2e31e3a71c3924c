/**
 * The attack, through the API as a browser would make it: someone who saw a TOTP code (over a
 * shoulder, through a phishing proxy) replays it on their own session; someone with a stolen
 * password guesses six-digit codes, or guesses passwords, firing 20 requests at once so they all
 * land before any counter moves; and someone who got hold of a signed-in session (a password-only
 * one, or an unattended browser long after its owner proved MFA) adds their own authenticator or
 * removes the owner's, or mints new recovery codes. The guesses must all count, and factor changes
 * must demand a fresh proof of the second factor.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestMember, enrollTotp, signIn, TEST_PASSWORD, totpCode, uniqueTestAddress, wrongTotpCode } from '../../../test/support/identity-members.js';
import { SuiteClient } from '../../../test/support/suite-client.js';
import { openTestSuite, type TestSuite } from '../../../test/support/test-suite.js';
import { ManualClock } from '../../platform/clock.js';
import { FRESH_AUTH_MS } from '../mfa-policy/require-fresh-auth.js';
import { confirmTotpEnrollment, listFactors, startTotpEnrollment } from '../mfa/index.js';
import { IDENTITY_RATE_LIMITS } from '../rate-limit-rules.js';

const STEP_MS = 30_000;
const PARALLEL = 20;

interface Suite extends TestSuite {
  readonly clock: ManualClock;
}

async function openSuite(env: Record<string, string>): Promise<Suite> {
  const clock = new ManualClock();
  return { ...(await openTestSuite({ env, clock })), clock };
}

/** A member with a confirmed authenticator app, set up directly (no API call spends a rate-limit hit). */
async function memberWithTotp({ platform, clock }: Suite) {
  const member = await createTestMember(platform.identityDb, clock);
  const deps = { db: platform.identityDb, keyring: platform.keyring, clock, rp: { id: 'localhost', name: 'bsns', origin: platform.config.publicUrl } };
  const enrollment = await startTotpEnrollment(deps, { userId: member.id, accountName: member.email });
  await confirmTotpEnrollment(deps, { userId: member.id, factorId: enrollment.factorId, code: totpCode(enrollment.secretBase32, clock.now()) });
  // The confirming code's step is spent; the tests start on the next one.
  clock.advance(STEP_MS);
  return { ...member, secret: enrollment.secretBase32, factorId: enrollment.factorId };
}

function statuses(responses: readonly LightMyRequestResponse[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const response of responses) counts[response.statusCode] = (counts[response.statusCode] ?? 0) + 1;
  return counts;
}

function expectRateLimited(response: LightMyRequestResponse, windowSeconds: number): void {
  expect(response.statusCode, response.body).toBe(429);
  expect(response.json().error.code).toBe('request.rate_limited');
  const retryAfter = Number(response.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
  expect(response.headers['set-cookie']).toBeUndefined();
}

describe('TOTP replay through the API', () => {
  let suite: Suite;
  beforeAll(async () => {
    suite = await openSuite({});
  });
  afterAll(() => suite?.close());

  it('accepts a code once: a second session presenting the same code is refused and stays unverified', async () => {
    const member = await memberWithTotp(suite);
    const code = totpCode(member.secret, suite.clock.now());
    const victim = new SuiteClient(suite.app, undefined, uniqueTestAddress());
    const attacker = new SuiteClient(suite.app, undefined, uniqueTestAddress());
    await signIn(victim, member.email);
    await signIn(attacker, member.email);

    expect((await victim.post('/api/v1/auth/mfa/verify', { code })).statusCode).toBe(200);
    const replay = await attacker.post('/api/v1/auth/mfa/verify', { code });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.code).toBe('mfa.invalid_code');
    expect((await attacker.get('/api/v1/auth/session')).json().mfa.state).toBe('required');
    expect((await attacker.get('/launch/records')).statusCode).toBe(403);
  });

  it('lets exactly one of several parallel requests with the same code through', async () => {
    const member = await memberWithTotp(suite);
    const code = totpCode(member.secret, suite.clock.now());
    const clients = Array.from({ length: 6 }, () => new SuiteClient(suite.app, undefined, uniqueTestAddress()));
    for (const client of clients) await signIn(client, member.email);
    const responses = await Promise.all(clients.map((client) => client.post('/api/v1/auth/mfa/verify', { code })));
    expect(statuses(responses)).toEqual({ 200: 1, 401: 5 });
  });

  it('refuses an older code once a newer one was used', async () => {
    const member = await memberWithTotp(suite);
    const older = totpCode(member.secret, suite.clock.now());
    suite.clock.advance(STEP_MS);
    const first = new SuiteClient(suite.app, undefined, uniqueTestAddress());
    await signIn(first, member.email);
    expect((await first.post('/api/v1/auth/mfa/verify', { code: totpCode(member.secret, suite.clock.now()) })).statusCode).toBe(200);
    const second = new SuiteClient(suite.app, undefined, uniqueTestAddress());
    await signIn(second, member.email);
    // Still inside the ±1 step window, so only the replay guard stops it.
    expect((await second.post('/api/v1/auth/mfa/verify', { code: older })).statusCode).toBe(401);
  });
});

// Counters must hold in both stores: Redis (REDIS_URL) and PostgreSQL. Redis counters outlive the
// run, so every test uses fresh users and addresses.
describe.each([
  ['PostgreSQL', () => ({})],
  ['Redis', () => ({ REDIS_URL: inject('testRedisUrl') })],
])('brute force, counted in %s', (_backend, env) => {
  let suite: Suite;
  beforeAll(async () => {
    suite = await openSuite(env());
  });
  afterAll(() => suite?.close());

  it('counts 20 parallel wrong TOTP codes as 20; the 21st request is refused even with the right code', async () => {
    const member = await memberWithTotp(suite);
    const client = new SuiteClient(suite.app, undefined, uniqueTestAddress());
    await signIn(client, member.email);
    const rule = IDENTITY_RATE_LIMITS.mfaUser;
    const now = suite.clock.now();
    const guesses = await Promise.all(
      Array.from({ length: PARALLEL }, (_, index) => client.post('/api/v1/auth/mfa/verify', { code: wrongTotpCode(member.secret, now, index + 1) })),
    );
    expect(statuses(guesses)).toEqual({ 401: rule.limit, 429: PARALLEL - rule.limit });

    expectRateLimited(await client.post('/api/v1/auth/mfa/verify', { code: totpCode(member.secret, now) }), rule.windowSeconds);
    expect((await client.get('/launch/records')).statusCode).toBe(403);
    // 20 guesses + the right code + this probe: nothing was lost to the race.
    expect((await suite.platform.rateLimiter.hit(rule, member.id)).count).toBe(PARALLEL + 2);
  });

  it('counts 20 parallel wrong passwords from 20 addresses as 20 against the account; then the right password is refused', async () => {
    const member = await createTestMember(suite.platform.identityDb, suite.clock);
    const rule = IDENTITY_RATE_LIMITS.signInAccount;
    const guesses = await Promise.all(
      Array.from({ length: PARALLEL }, (_, index) =>
        new SuiteClient(suite.app, undefined, uniqueTestAddress()).post('/api/v1/auth/sign-in', { email: member.email, password: `wrong password ${index}` }),
      ),
    );
    expect(statuses(guesses)).toEqual({ 401: rule.limit, 429: PARALLEL - rule.limit });

    const owner = new SuiteClient(suite.app, undefined, uniqueTestAddress());
    expectRateLimited(await owner.post('/api/v1/auth/sign-in', { email: member.email, password: TEST_PASSWORD }), rule.windowSeconds);
    expect(owner.cookies.size).toBe(0);
    expect((await suite.platform.rateLimiter.hit(rule, member.email.toLowerCase())).count).toBe(PARALLEL + 2);
  });
});

describe('brute-force lockouts end with their window', () => {
  let suite: Suite;
  beforeAll(async () => {
    suite = await openSuite({});
  });
  afterAll(() => suite?.close());

  it('lets the right code through once the MFA window has passed', async () => {
    const member = await memberWithTotp(suite);
    const client = new SuiteClient(suite.app, undefined, uniqueTestAddress());
    await signIn(client, member.email);
    const now = suite.clock.now();
    for (let index = 1; index <= IDENTITY_RATE_LIMITS.mfaUser.limit; index++) {
      await client.post('/api/v1/auth/mfa/verify', { code: wrongTotpCode(member.secret, now, index) });
    }
    expect((await client.post('/api/v1/auth/mfa/verify', { code: totpCode(member.secret, now) })).statusCode).toBe(429);
    suite.clock.advance(IDENTITY_RATE_LIMITS.mfaUser.windowSeconds * 1000);
    const fresh = new SuiteClient(suite.app, undefined, uniqueTestAddress());
    await signIn(fresh, member.email);
    expect((await fresh.post('/api/v1/auth/mfa/verify', { code: totpCode(member.secret, suite.clock.now()) })).statusCode).toBe(200);
  });
});

describe('adding or removing a factor needs a fresh MFA proof', () => {
  let suite: Suite;
  beforeAll(async () => {
    suite = await openSuite({});
  });
  afterAll(() => suite?.close());

  // A registration body that passes the schema; the freshness gate must refuse before it is read.
  const registrationBody = { response: { id: 'AAAA', rawId: 'AAAA', type: 'public-key', response: { clientDataJSON: 'e30' } } };

  /** Every factor-changing request, each answered with its status. */
  async function tryFactorChanges(client: SuiteClient, totpFactorId: string): Promise<Record<string, number>> {
    const attempts: Record<string, () => Promise<LightMyRequestResponse>> = {
      'enroll TOTP': () => client.post('/api/v1/auth/totp/enroll'),
      'passkey options': () => client.post('/api/v1/auth/passkeys/registration/options'),
      'passkey verify': () => client.post('/api/v1/auth/passkeys/registration/verify', registrationBody),
      'new recovery codes': () => client.post('/api/v1/auth/recovery-codes'),
      'remove TOTP': () => client.request({ method: 'DELETE', url: `/api/v1/auth/totp/${totpFactorId}` }),
    };
    const answers: Record<string, number> = {};
    for (const [name, attempt] of Object.entries(attempts)) {
      const response = await attempt();
      answers[name] = response.statusCode;
      // A session that still owes MFA is stopped by its posture; a stale proof by the fresh-auth gate.
      if (response.statusCode === 403) expect(['auth.fresh_auth_required', 'auth.mfa_required'], name).toContain(response.json().error.code);
    }
    return answers;
  }

  const ALL_REFUSED = { 'enroll TOTP': 403, 'passkey options': 403, 'passkey verify': 403, 'new recovery codes': 403, 'remove TOTP': 403 };

  async function factorsOf(client: SuiteClient) {
    const response = await client.get('/api/v1/auth/factors');
    expect(response.statusCode).toBe(200);
    return response.json() as { totp: { id: string } | null; passkeys: unknown[]; recoveryCodesRemaining: number };
  }

  it('refuses every factor change more than ten minutes after the last MFA proof, and allows them after a new one', async () => {
    const member = await createTestMember(suite.platform.identityDb, suite.clock);
    const client = new SuiteClient(suite.app, undefined, uniqueTestAddress());
    await signIn(client, member.email);
    const { factorId, secret } = await enrollTotp(client, suite.clock);
    // Control: just after the proof, a factor change goes through.
    expect((await client.post('/api/v1/auth/recovery-codes')).statusCode).toBe(200);
    const before = await factorsOf(client);

    suite.clock.advance(FRESH_AUTH_MS + 1000);
    expect(await tryFactorChanges(client, factorId)).toEqual(ALL_REFUSED);
    expect(await factorsOf(client)).toEqual(before);

    const verify = await client.post('/api/v1/auth/mfa/verify', { code: totpCode(secret, suite.clock.now()) });
    expect(verify.statusCode, verify.body).toBe(200);
    expect((await client.post('/api/v1/auth/recovery-codes')).statusCode).toBe(200);
    expect((await client.request({ method: 'DELETE', url: `/api/v1/auth/totp/${factorId}` })).statusCode).toBe(204);
  });

  it('refuses every factor change from a session that signed in with the password but has not done MFA', async () => {
    const member = await memberWithTotp(suite);
    const attacker = new SuiteClient(suite.app, undefined, uniqueTestAddress());
    expect((await signIn(attacker, member.email)).mfa.state).toBe('required');
    // The password is seconds old, but the account has a second factor: only that counts.
    expect(await tryFactorChanges(attacker, member.factorId)).toEqual(ALL_REFUSED);
    const factors = await listFactors({ db: suite.platform.identityDb }, member.id);
    expect(factors.totp?.factorId).toBe(member.factorId);
    expect(factors.passkeys).toEqual([]);
  });

  it('lets a user without a factor enrol only within ten minutes of signing in', async () => {
    const member = await createTestMember(suite.platform.identityDb, suite.clock);
    const client = new SuiteClient(suite.app, undefined, uniqueTestAddress());
    expect((await signIn(client, member.email)).mfa.state).toBe('grace');
    suite.clock.advance(FRESH_AUTH_MS + 1000);
    for (const url of ['/api/v1/auth/totp/enroll', '/api/v1/auth/passkeys/registration/options']) {
      const response = await client.post(url);
      expect(response.statusCode, url).toBe(403);
      expect(response.json().error.code).toBe('auth.fresh_auth_required');
    }
    // A fresh password sign-in is the proof a first enrolment asks for.
    await signIn(client, member.email);
    expect((await client.post('/api/v1/auth/totp/enroll')).statusCode).toBe(200);
  });
});
