/**
 * The attack: the victim is signed in, and a page on another site makes their browser send a
 * state-changing request to the portal with their cookies: sign them out, start an authenticator
 * enrolment, revoke their sessions, or sign them in to the attacker's account (login CSRF). The
 * page may hide its origin (`Origin: null` from a sandboxed iframe, no Origin and no Referer), or
 * come from a sibling host under the suite's domain. Each must be refused with 403
 * `auth.csrf_rejected` before any side effect. The cookies themselves must not help an attacker
 * either: HttpOnly (no script can read them), SameSite=Lax, Secure with the `__Secure-` prefix on
 * https (`__Host-` for the host-only refresh secret), the token scoped to the parent domain only
 * when the apps need it and the refresh secret never. And a session id known before sign-in or MFA must be worthless after it (fixation).
 */
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { createTestMember, currentSessionId, enrollTotp, signIn, totpCode, uniqueTestAddress } from '../../../test/support/identity-members.js';
import { SuiteClient } from '../../../test/support/suite-client.js';
import { useTestSuite } from '../../../test/support/test-suite.js';
import { ManualClock } from '../../platform/clock.js';
import { sessionCookieNames } from '../sessions/session-cookies.js';

const clock = new ManualClock();
const STEP_MS = 30_000;

const suite = useTestSuite({ clock });

const EVIL = 'https://evil.example';

function expectCsrfRejected(response: LightMyRequestResponse): void {
  expect(response.statusCode, response.body).toBe(403);
  expect(response.json().error.code).toBe('auth.csrf_rejected');
  expect(response.headers['set-cookie']).toBeUndefined();
}

async function signedInMember() {
  const member = await createTestMember(suite.platform.identityDb, clock);
  const client = new SuiteClient(suite.app, undefined, uniqueTestAddress());
  await signIn(client, member.email);
  return { member, client };
}

async function liveSessionCount(userId: string): Promise<number> {
  const { rows } = await suite.platform.identityDb.query<{ count: number }>('SELECT count(*)::int AS count FROM sessions WHERE user_id = $1 AND revoked_at IS NULL', [userId]);
  return rows[0]!.count;
}

describe('state changes from another site', () => {
  it.each<[string, Record<string, string>]>([
    ['a foreign Origin', { origin: EVIL }],
    ['Origin: null', { origin: 'null' }],
    ['no Origin and no Referer', {}],
    ['a foreign Referer and no Origin', { referer: `${EVIL}/page` }],
    ['an unparseable Referer and no Origin', { referer: 'not a url' }],
    ['a look-alike Origin', { origin: 'http://localhost:3000.evil.example' }],
    ['the right host on another port', { origin: 'http://localhost:3001' }],
    ['the right host over https', { origin: 'https://localhost:3000' }],
  ])('refuses sign-out with %s, and the session stays live', async (_case, headers) => {
    const { member, client } = await signedInMember();
    // Straight through inject: SuiteClient would add the suite's Origin.
    const response = await suite.app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', remoteAddress: client.remoteAddress, headers: { ...headers, cookie: cookieHeader(client) } });
    expectCsrfRejected(response);
    expect((await client.get('/api/v1/auth/session')).statusCode).toBe(200);
    expect(await liveSessionCount(member.id)).toBe(1);
  });

  it('accepts sign-out with the suite Origin, or with only a same-site Referer (control)', async () => {
    const first = await signedInMember();
    expect((await first.client.post('/api/v1/auth/sign-out')).statusCode).toBe(204);
    const second = await signedInMember();
    const viaReferer = await suite.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-out',
      remoteAddress: second.client.remoteAddress,
      headers: { referer: `${suite.platform.config.publicUrl}/account`, cookie: cookieHeader(second.client) },
    });
    expect(viaReferer.statusCode).toBe(204);
    expect(await liveSessionCount(second.member.id)).toBe(0);
  });

  it('refuses a cross-site TOTP enrolment and creates no factor', async () => {
    const { member, client } = await signedInMember();
    expectCsrfRejected(await client.request({ method: 'POST', url: '/api/v1/auth/totp/enroll', headers: { origin: EVIL } }));
    const { rows } = await suite.platform.identityDb.query('SELECT 1 FROM totp_factors WHERE user_id = $1', [member.id]);
    expect(rows).toEqual([]);
  });

  it('refuses a cross-site session revocation', async () => {
    const { member, client } = await signedInMember();
    const id = await currentSessionId(client);
    expectCsrfRejected(await client.request({ method: 'DELETE', url: `/api/v1/auth/sessions/${id}`, headers: { origin: EVIL } }));
    expect(await liveSessionCount(member.id)).toBe(1);
  });

  it("refuses a cross-site sign-in into the attacker's account (login CSRF), even without cookies", async () => {
    const attacker = await createTestMember(suite.platform.identityDb, clock);
    for (const origin of [EVIL, 'null']) {
      expectCsrfRejected(await suite.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', remoteAddress: uniqueTestAddress(), headers: { origin }, payload: { email: attacker.email, password: 'correct horse battery staple' } }));
    }
    expect(await liveSessionCount(attacker.id)).toBe(0);
  });
});

describe('state changes from sibling hosts, with a domain', () => {
  const domain = useTestSuite({ env: { BSNS_PUBLIC_URL: 'https://auth.example.com', BSNS_DOMAIN: 'example.com' }, clock });

  it('accepts the suite hosts over https and refuses any other host or scheme', async () => {
    const member = await createTestMember(domain.platform.identityDb, clock);
    const signInFrom = (origin: string) =>
      domain.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', remoteAddress: uniqueTestAddress(), headers: { origin }, payload: { email: member.email, password: 'correct horse battery staple' } });
    for (const origin of ['https://auth.example.com', 'https://records.example.com']) expect((await signInFrom(origin)).statusCode, origin).toBe(200);
    for (const origin of ['https://evil.example.com', 'http://auth.example.com', 'https://example.com.evil.test', 'https://auth.example.com:8443', 'https://a.records.example.com']) {
      expectCsrfRejected(await signInFrom(origin));
    }
  });
});

describe('cookie flags', () => {
  it('on plain-http localhost: HttpOnly, SameSite=Lax, Path=/, no Secure and no Domain', async () => {
    const member = await createTestMember(suite.platform.identityDb, clock);
    const response = await new SuiteClient(suite.app, undefined, uniqueTestAddress()).post('/api/v1/auth/sign-in', { email: member.email, password: 'correct horse battery staple' });
    const cookies = cookiesByName(response);
    expect(Object.keys(cookies).sort()).toEqual(['bsns-device', 'bsns-refresh', 'bsns-session']);
    for (const [name, header] of Object.entries(cookies)) {
      expect(header).toMatch(/; HttpOnly/);
      // The device cookie only ever serves a same-site sign-in form.
      expect(header).toMatch(name === 'bsns-device' ? /; SameSite=Strict/ : /; SameSite=Lax/);
      expect(header).toMatch(/; Path=\/(;|$)/);
      expect(header).not.toMatch(/; Secure/i);
      expect(header).not.toMatch(/; Domain=/i);
    }
  });

  describe('on https with a domain', () => {
    const https = useTestSuite({ env: { BSNS_PUBLIC_URL: 'https://auth.example.com', BSNS_DOMAIN: 'example.com' }, clock });

    function httpsClient(): SuiteClient {
      return new SuiteClient(https.app, 'https://auth.example.com', uniqueTestAddress());
    }

    it('sets __Secure-/__Host- cookies, Secure, HttpOnly, SameSite=Lax, Path=/, with Domain on the token only', async () => {
      const member = await createTestMember(https.platform.identityDb, clock);
      const cookies = cookiesByName(await httpsClient().post('/api/v1/auth/sign-in', { email: member.email, password: 'correct horse battery staple' }));
      expect(Object.keys(cookies).sort()).toEqual(['__Host-bsns-device', '__Host-bsns-refresh', '__Secure-bsns-session']);
      for (const [name, header] of Object.entries(cookies)) {
        expect(header).toMatch(/; Secure/);
        expect(header).toMatch(/; HttpOnly/);
        expect(header).toMatch(name === '__Host-bsns-device' ? /; SameSite=Strict/ : /; SameSite=Lax/);
        expect(header).toMatch(/; Path=\/(;|$)/);
      }
      expect(cookies['__Secure-bsns-session']).toMatch(/; Domain=\.example\.com(;|$)/);
      expect(cookies['__Host-bsns-refresh']).not.toMatch(/; Domain=/i);
      expect(cookies['__Host-bsns-device']).not.toMatch(/; Domain=/i);
    });

    it('keeps the flags on a refreshed token and on the cookies sign-out clears', async () => {
      const member = await createTestMember(https.platform.identityDb, clock);
      const client = httpsClient();
      await signIn(client, member.email);
      client.cookies.delete('__Secure-bsns-session');
      const refreshed = cookiesByName(await client.get('/api/v1/auth/session'))['__Secure-bsns-session'];
      expect(refreshed).toMatch(/; Secure/);
      expect(refreshed).toMatch(/; Domain=\.example\.com(;|$)/);
      expect(refreshed).toMatch(/; HttpOnly/);
      const cleared = cookiesByName(await client.post('/api/v1/auth/sign-out'));
      // A browser only clears a cookie whose Domain and Path match the one it holds.
      expect(cleared['__Secure-bsns-session']).toMatch(/; Domain=\.example\.com(;|$)/);
      expect(cleared['__Host-bsns-refresh']).not.toMatch(/; Domain=/i);
      for (const header of Object.values(cleared)) expect(header).toMatch(/; Secure/);
    });

    it('ignores a session cookie without the __Secure- prefix (one a sibling host or plain http could have set)', async () => {
      const member = await createTestMember(https.platform.identityDb, clock);
      const client = httpsClient();
      await signIn(client, member.email);
      const token = client.cookies.get('__Secure-bsns-session')!;
      const response = await https.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie: `bsns-session=${token}` } });
      expect(response.statusCode).toBe(401);
      expect(sessionCookieNames(https.platform.config).token).toBe('__Secure-bsns-session');
    });
  });
});

describe('session fixation', () => {
  it('gives a new session id at sign-in and again at MFA completion, and kills the refresh secrets before each', async () => {
    const { member, client } = await signedInMember();
    const { secret } = await enrollTotp(client, clock);
    const beforeSignIn = { id: await currentSessionId(client), refresh: client.cookies.get('bsns-refresh')! };

    // Sign in again over the existing cookies: password only, so MFA is required.
    clock.advance(STEP_MS);
    expect((await signIn(client, member.email)).mfa.state).toBe('required');
    const afterSignIn = { id: await currentSessionId(client), refresh: client.cookies.get('bsns-refresh')! };
    expect(afterSignIn.id).not.toBe(beforeSignIn.id);
    expect(afterSignIn.refresh).not.toBe(beforeSignIn.refresh);
    expect(await refreshesWith(beforeSignIn.refresh)).toBe(401);

    const verify = await client.post('/api/v1/auth/mfa/verify', { code: totpCode(secret, clock.now()) });
    expect(verify.statusCode).toBe(200);
    const afterMfa = { id: await currentSessionId(client), refresh: client.cookies.get('bsns-refresh')! };
    expect(new Set([beforeSignIn.id, afterSignIn.id, afterMfa.id]).size).toBe(3);
    expect(await refreshesWith(afterSignIn.refresh)).toBe(401);
    // Control: the current refresh secret does work.
    expect(await refreshesWith(afterMfa.refresh)).toBe(200);
    expect(await liveSessionCount(member.id)).toBe(1);
  });

  it("does not elevate a planted session: signing in over the attacker's cookie ends the attacker's session", async () => {
    const attacker = await signedInMember();
    const victim = await createTestMember(suite.platform.identityDb, clock);
    const planted = attacker.client.cookies.get('bsns-refresh')!;
    const browser = new SuiteClient(suite.app, undefined, uniqueTestAddress());
    browser.cookies.set('bsns-refresh', planted);
    await signIn(browser, victim.email);
    expect((await browser.get('/api/v1/auth/session')).json().user.id).toBe(victim.id);
    expect(browser.cookies.get('bsns-refresh')).not.toBe(planted);
    expect(await refreshesWith(planted)).toBe(401);
  });
});

function cookieHeader(client: SuiteClient): string {
  return [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
}

/** Raw Set-Cookie headers by cookie name. */
function cookiesByName(response: LightMyRequestResponse): Record<string, string> {
  const raw = response.headers['set-cookie'];
  const headers = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  return Object.fromEntries(headers.map((header) => [header.slice(0, header.indexOf('=')), header]));
}

/** What a browser holding only this refresh secret gets from the session endpoint. */
async function refreshesWith(refreshToken: string): Promise<number> {
  const response = await suite.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie: `bsns-refresh=${refreshToken}` } });
  return response.statusCode;
}
