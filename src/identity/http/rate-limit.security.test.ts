/**
 * The attack: keep guessing after the limit by making each guess look like a different client or
 * a different target. The attacker spells the route differently (`/sign-in/`, `//api/…`, `/API/…`)
 * hoping each spelling has its own counter; rotates through the 2^64 addresses of their IPv6 /64
 * and its many textual spellings; writes a fresh `X-Forwarded-For` on every request to a server
 * that has no proxy in front; or writes the victim's email in other cases and with spaces. Every
 * variant must either land on the same counter or not reach the handler at all (404). The limits
 * are checked in both stores: Redis (with REDIS_URL) and PostgreSQL.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { describe, expect, inject, it } from 'vitest';
import { createTestMember, currentSessionId, signIn, TEST_PASSWORD, uniqueTestAddress } from '../../../test/support/identity-members.js';
import { SuiteClient } from '../../../test/support/suite-client.js';
import { useTestSuite } from '../../../test/support/test-suite.js';
import { ManualClock } from '../../platform/clock.js';
import { normaliseAddress } from '../../platform/rate-limit/index.js';
import { IDENTITY_RATE_LIMITS } from '../rate-limit-rules.js';

const SIGN_IN = '/api/v1/auth/sign-in';
const clock = new ManualClock();

function randomHex16(): string {
  return randomBytes(2).toString('hex');
}

/** A random IPv4 address from the benchmarking range 198.18.0.0/15, so Redis keys of earlier runs never collide. */
function randomIpv4(): string {
  const bytes = randomBytes(3);
  return `198.${18 + (bytes[0]! & 1)}.${bytes[1]}.${bytes[2]}`;
}

function bogusToken(): string {
  return randomBytes(24).toString('base64url');
}

async function signInFrom(app: FastifyInstance, remoteAddress: string, body: { email: string; password: string }, url = SIGN_IN, headers: Record<string, string> = {}) {
  return app.inject({ method: 'POST', url, remoteAddress, headers: { origin: 'http://localhost:3000', ...headers }, payload: body });
}

async function verifyEmailFrom(app: FastifyInstance, remoteAddress: string, headers: Record<string, string> = {}) {
  return app.inject({ method: 'POST', url: '/api/v1/auth/verify-email', remoteAddress, headers: { origin: 'http://localhost:3000', ...headers }, payload: { token: bogusToken() } });
}

function codeOf(response: LightMyRequestResponse): string {
  return response.json().error.code;
}

describe.each([
  ['PostgreSQL', () => ({})],
  ['Redis', () => ({ REDIS_URL: inject('testRedisUrl') })],
])('rate-limit bypasses, counted in %s', (_backend, env) => {
  const direct = useTestSuite({ env: env(), clock });
  const proxiedSuite = useTestSuite({ env: { ...env(), TRUST_PROXY: 'true' }, clock });

  it('counts every spelling of the sign-in path that reaches the handler on one account counter; the rest are 404', async () => {
    const member = await createTestMember(direct.platform.identityDb, clock);
    const rule = IDENTITY_RATE_LIMITS.signInAccount;
    const variants = [
      SIGN_IN,
      `${SIGN_IN}/`,
      `/${SIGN_IN}`,
      '/api/v1//auth/sign-in',
      `${SIGN_IN}//`,
      `${SIGN_IN}?via=query`,
      '/api/v1/auth/sign%2Din',
      '/API/v1/auth/sign-in',
      '/api/v1/auth/Sign-In',
      '/api/v1/auth/SIGN-IN',
      `${SIGN_IN}%2F`,
      `${SIGN_IN};x=1`,
      '/api/v1/auth/sign-in.json',
      '/api/v2/../v1/auth/sign-in',
    ];
    const routed: string[] = [];
    for (let index = 0; routed.length <= rule.limit; index++) {
      const url = variants[index % variants.length]!;
      const response = await signInFrom(direct.app, uniqueTestAddress(), { email: member.email, password: `wrong ${index}` }, url);
      if (response.statusCode === 404) {
        expect(codeOf(response), url).toBe('route.not_found');
        continue;
      }
      routed.push(url);
      const expected = routed.length <= rule.limit ? 'auth.invalid_credentials' : 'request.rate_limited';
      expect(codeOf(response), `${url} (routed attempt ${routed.length})`).toBe(expected);
    }
    // The canonical path, the trailing slash and the doubled slash all reach the handler.
    for (const url of [SIGN_IN, `${SIGN_IN}/`, `/${SIGN_IN}`]) expect(routed, url).toContain(url);

    const owner = await signInFrom(direct.app, uniqueTestAddress(), { email: member.email, password: TEST_PASSWORD });
    expect(owner.statusCode).toBe(429);
    expect((await direct.platform.rateLimiter.hit(rule, member.email)).count).toBe(routed.length + 2);
  });

  it('counts all spellings of one IPv6 /64 as one client', async () => {
    const prefix = `2001:db8:${randomHex16()}:${randomHex16()}`;
    const [, , third, fourth] = prefix.split(':') as [string, string, string, string];
    const spellings = [
      `${prefix}::1`,
      `${prefix}:0:0:0:2`.toUpperCase(),
      `2001:0db8:${third.padStart(4, '0')}:${fourth.padStart(4, '0')}:ffff:ffff:ffff:ffff`,
      `${prefix}:1234::5678`,
      `${prefix}::1%eth0`,
      `${prefix}::192.0.2.7`,
      `${prefix}:dead:beef:0:1`.replace(/[a-f]/g, (c) => c.toUpperCase()),
    ];
    expect(new Set(spellings.map(normaliseAddress)).size).toBe(1);
    const rule = IDENTITY_RATE_LIMITS.tokenRedeemAddress;
    for (let attempt = 0; attempt < rule.limit; attempt++) {
      const response = await verifyEmailFrom(direct.app, spellings[attempt % spellings.length]!);
      expect(codeOf(response), `attempt ${attempt + 1}`).toBe('auth.invalid_token');
    }
    for (const spelling of spellings) expect(codeOf(await verifyEmailFrom(direct.app, spelling)), spelling).toBe('request.rate_limited');
    // Control: the neighbouring /64 has its own budget.
    expect(codeOf(await verifyEmailFrom(direct.app, `2001:db8:${third}:${(parseInt(fourth, 16) ^ 1).toString(16)}::1`))).toBe('auth.invalid_token');
  });

  it('counts sign-ins from spellings of one /64, and an IPv4 address with its IPv4-mapped form, on one address counter', async () => {
    const prefix = `2001:db8:${randomHex16()}:${randomHex16()}`;
    const email = `nobody-${randomBytes(6).toString('hex')}@example.test`;
    for (const address of [`${prefix}::1`, `${prefix}::2`.toUpperCase(), `${prefix}:ffff:ffff:ffff:ffff`]) {
      expect((await signInFrom(direct.app, address, { email, password: 'wrong password' })).statusCode).toBe(401);
    }
    const ipv4 = randomIpv4();
    for (const address of [ipv4, `::ffff:${ipv4}`]) {
      expect((await signInFrom(direct.app, address, { email, password: 'wrong password' })).statusCode).toBe(401);
    }
    const rule = IDENTITY_RATE_LIMITS.signInAddress;
    expect((await direct.platform.rateLimiter.hit(rule, normaliseAddress(`${prefix}::1`))).count).toBe(4);
    expect((await direct.platform.rateLimiter.hit(rule, ipv4)).count).toBe(3);
  });

  it('ignores X-Forwarded-For and its cousins when TRUST_PROXY is off', async () => {
    const peer = uniqueTestAddress();
    const rule = IDENTITY_RATE_LIMITS.tokenRedeemAddress;
    const spoof = () => {
      const fake = randomIpv4();
      return { 'x-forwarded-for': `${fake}, ${randomIpv4()}`, 'x-real-ip': fake, forwarded: `for=${fake}`, 'true-client-ip': fake, 'cf-connecting-ip': fake };
    };
    for (let attempt = 0; attempt < rule.limit; attempt++) expect(codeOf(await verifyEmailFrom(direct.app, peer, spoof()))).toBe('auth.invalid_token');
    expect(codeOf(await verifyEmailFrom(direct.app, peer, spoof()))).toBe('request.rate_limited');

    // The session records the real peer too, not what the header claims.
    const member = await createTestMember(direct.platform.identityDb, clock);
    const client = new SuiteClient(direct.app, undefined, uniqueTestAddress());
    const signedIn = await client.request({ method: 'POST', url: SIGN_IN, payload: { email: member.email, password: TEST_PASSWORD }, headers: spoof() });
    expect(signedIn.statusCode).toBe(200);
    const id = await currentSessionId(client);
    const sessions = (await client.get('/api/v1/auth/sessions')).json().items as { id: string; ipAddress: string }[];
    expect(sessions.find((session) => session.id === id)?.ipAddress).toBe(client.remoteAddress);
  });

  it('with TRUST_PROXY on, believes only the entry the proxy appended, not the ones the client wrote', async () => {
    const proxy = '10.0.0.1';
    const client = uniqueTestAddress();
    const rule = IDENTITY_RATE_LIMITS.tokenRedeemAddress;
    const through = (realClient: string) => verifyEmailFrom(proxiedSuite.app, proxy, { 'x-forwarded-for': `${randomIpv4()}, ${uniqueTestAddress()}, ${realClient}` });
    for (let attempt = 0; attempt < rule.limit; attempt++) expect(codeOf(await through(client))).toBe('auth.invalid_token');
    expect(codeOf(await through(client))).toBe('request.rate_limited');
    // Control: another client behind the same proxy is counted on its own.
    expect(codeOf(await through(uniqueTestAddress()))).toBe('auth.invalid_token');
  });

  it('counts case and whitespace variants of an email on the account counter, and a spelling that escapes it reaches no account', async () => {
    const member = await createTestMember(direct.platform.identityDb, clock);
    const rule = IDENTITY_RATE_LIMITS.signInAccount;
    const [local, domain] = member.email.split('@') as [string, string];
    const variants = [member.email.toUpperCase(), ` ${member.email} `, `\t${member.email}\n`, `${local}@${domain.toUpperCase()}`, `${local[0]!.toUpperCase()}${local.slice(1)}@${domain}`];
    for (let attempt = 0; attempt < rule.limit; attempt++) {
      const response = await signInFrom(direct.app, uniqueTestAddress(), { email: variants[attempt % variants.length]!, password: `wrong ${attempt}` });
      expect(codeOf(response), `attempt ${attempt + 1}`).toBe('auth.invalid_credentials');
    }
    for (const email of variants) expect(codeOf(await signInFrom(direct.app, uniqueTestAddress(), { email, password: TEST_PASSWORD })), email).toBe('request.rate_limited');

    // Full-width letters fold to other keys, and so to no account: the right password gets nowhere either.
    const fullWidth = member.email.replace(/[a-z]/, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    expect(codeOf(await signInFrom(direct.app, uniqueTestAddress(), { email: fullWidth, password: TEST_PASSWORD }))).toBe('auth.invalid_credentials');
  });

  it('resets nothing for the attacker when the owner of another account signs in from the same address', async () => {
    const victim = await createTestMember(direct.platform.identityDb, clock);
    const attacker = await createTestMember(direct.platform.identityDb, clock);
    const address = uniqueTestAddress();
    for (let attempt = 0; attempt < IDENTITY_RATE_LIMITS.signInAccount.limit; attempt++) {
      await signInFrom(direct.app, address, { email: victim.email, password: `wrong ${attempt}` });
    }
    // A successful sign-in clears only its own account's counter.
    const own = new SuiteClient(direct.app, undefined, address);
    await signIn(own, attacker.email);
    expect(codeOf(await signInFrom(direct.app, uniqueTestAddress(), { email: victim.email, password: TEST_PASSWORD }))).toBe('request.rate_limited');
  });
});
