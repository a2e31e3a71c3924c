/**
 * A password is not a second factor. Someone who phished or guessed the password of a user who
 * HAS a factor gets a session whose MFA is still pending. With it they tried to list every
 * session with its address and user agent, revoke the owner's MFA-verified sessions, rename the
 * account, read its factors, tenants and invitations, switch tenant and accept invitations.
 * Until MFA is done such a session may only finish MFA, sign out and read its own MFA state.
 * A user past the grace window with no factor may in addition enrol a first one. A user inside
 * the grace window keeps everything the window promises.
 *
 * The walk covers every registered route, read from the live route list the posture hook keeps,
 * so a route added later is checked without editing this file.
 */
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestMember, signIn, totpCode, uniqueTestAddress } from '../../../test/support/identity-members.js';
import { SuiteClient } from '../../../test/support/suite-client.js';
import { useTestSuite } from '../../../test/support/test-suite.js';
import { ManualClock } from '../../platform/clock.js';
import type { RoutePosture } from '../../platform/http/index.js';
import { confirmTotpEnrollment, startTotpEnrollment } from '../mfa/index.js';

const clock = new ManualClock(new Date('2026-10-01T09:00:00Z'));
const suite = useTestSuite({ clock });
const DAY_MS = 24 * 3600_000;

beforeAll(async () => {
  await suite.app.ready();
});

/** Every route a signed-in caller could reach, each once, sign-out last (it ends the session). */
function walkableRoutes(): RoutePosture[] {
  const routes = suite.routes.filter((route) => route.auth !== 'public' && route.method !== 'HEAD');
  const isSignOut = (route: RoutePosture) => route.url === '/api/v1/auth/sign-out';
  return [...routes.filter((route) => !isSignOut(route)), ...routes.filter(isSignOut)];
}

function concreteUrl(url: string): string {
  return url.replace(/:app\b/g, 'records').replace(/:[A-Za-z]+/g, randomUUID()).replace(/\*/g, 'anything');
}

async function walk(client: SuiteClient): Promise<Map<string, LightMyRequestResponse>> {
  const answers = new Map<string, LightMyRequestResponse>();
  for (const route of walkableRoutes()) {
    const url = concreteUrl(route.url);
    const hasBody = !['GET', 'DELETE', 'OPTIONS'].includes(route.method);
    answers.set(`${route.method} ${route.url}`, await client.request({ method: route.method, url, ...(hasBody ? { payload: {} } : {}) }));
  }
  return answers;
}

/** HTML pages (hidden from the OpenAPI document), by `METHOD url`. */
function isPage(route: string): boolean {
  return suite.routes.some((posture) => posture.hidden === true && `${posture.method} ${posture.url}` === route);
}

/** A page refused by its posture answers the way a browser needs it: a redirect to finish MFA or to sign in. */
function refusedPageRedirect(response: LightMyRequestResponse): boolean {
  const location = String(response.headers.location ?? '');
  return response.statusCode >= 300 && response.statusCode < 400 && /^\/(mfa|sign-in)\b/.test(location);
}

function answeredPast401And403(answers: Map<string, LightMyRequestResponse>): string[] {
  return [...answers]
    .filter(([route, response]) => response.statusCode !== 401 && response.statusCode !== 403 && !(isPage(route) && !route.startsWith('GET /mfa') && refusedPageRedirect(response)))
    .map(([route]) => route)
    .sort();
}

async function memberWithTotp() {
  const member = await createTestMember(suite.platform.identityDb, clock);
  const deps = { db: suite.platform.identityDb, keyring: suite.platform.keyring, clock, rp: { id: 'localhost', name: 'bsns', origin: suite.platform.config.publicUrl } };
  const enrollment = await startTotpEnrollment(deps, { userId: member.id, accountName: member.email });
  await confirmTotpEnrollment(deps, { userId: member.id, factorId: enrollment.factorId, code: totpCode(enrollment.secretBase32, clock.now()) });
  clock.advance(30_000);
  return { ...member, secret: enrollment.secretBase32 };
}

async function signedIn(email: string): Promise<SuiteClient> {
  const client = new SuiteClient(suite.app, undefined, uniqueTestAddress());
  await signIn(client, email);
  return client;
}

describe('a password-only session of a user who has a factor (MFA pending)', () => {
  it('reaches only MFA completion, sign-out and its own MFA state, on every registered route', async () => {
    const member = await memberWithTotp();
    const client = await signedIn(member.email);
    expect((await client.get('/api/v1/auth/session')).json().mfa.state).toBe('required');

    expect(answeredPast401And403(await walk(client))).toEqual(
      ['GET /api/v1/auth/session', 'GET /mfa', 'POST /api/v1/auth/mfa/verify', 'POST /api/v1/auth/sign-out'].sort(),
    );
  });

  it('cannot list or revoke sessions, rename the account, or read factors and tenants', async () => {
    const member = await memberWithTotp();
    const owner = await signedIn(member.email);
    const verified = await owner.post('/api/v1/auth/mfa/verify', { code: totpCode(member.secret, clock.now()) });
    expect(verified.statusCode, verified.body).toBe(200);
    const ownerSessionId = (await owner.get('/api/v1/auth/session')).json().session.id as string;

    const thief = await signedIn(member.email);
    for (const response of [
      await thief.get('/api/v1/auth/sessions'),
      await thief.request({ method: 'DELETE', url: `/api/v1/auth/sessions/${ownerSessionId}` }),
      await thief.request({ method: 'PATCH', url: '/api/v1/auth/profile', payload: { displayName: 'Owned' } }),
      await thief.get('/api/v1/auth/factors'),
      await thief.get('/api/v1/auth/tenants'),
      await thief.get('/api/v1/auth/passkeys'),
    ]) {
      expect(response.statusCode, response.body).toBe(403);
      expect(response.json().error.code).toBe('auth.mfa_required');
    }
    expect((await owner.get('/api/v1/auth/sessions')).statusCode).toBe(200);
    const { rows } = await suite.platform.identityDb.query<{ display_name: string | null }>('SELECT display_name FROM users WHERE id = $1', [member.id]);
    expect(rows[0]!.display_name).toBeNull();
  });

  it('is sent to the MFA challenge by the pages', async () => {
    const member = await memberWithTotp();
    const client = await signedIn(member.email);
    for (const path of ['/', '/account/security', '/tenants', '/mfa/setup']) {
      const page = await client.request({ method: 'GET', url: path, headers: { accept: 'text/html' } });
      expect(page.statusCode, path).toBe(303);
      expect(page.headers.location, path).toMatch(/^\/mfa(\?return_to=|$)/);
    }
  });
});

describe('a user past the grace window with no factor (must enrol)', () => {
  it('may also enrol a first factor, and nothing else', async () => {
    const member = await createTestMember(suite.platform.identityDb, clock, { graceUntil: new Date(clock.now().getTime() - DAY_MS) });
    const client = await signedIn(member.email);
    expect((await client.get('/api/v1/auth/session')).json().mfa.state).toBe('enroll');

    expect(answeredPast401And403(await walk(client))).toEqual(
      [
        'GET /api/v1/auth/session',
        'GET /mfa',
        'GET /mfa/setup',
        'POST /api/v1/auth/mfa/verify',
        'POST /api/v1/auth/passkeys/registration/options',
        'POST /api/v1/auth/passkeys/registration/verify',
        'POST /api/v1/auth/sign-out',
        'POST /api/v1/auth/totp/confirm',
        'POST /api/v1/auth/totp/enroll',
      ].sort(),
    );
  });

  it('is sent from the pages to the MFA page, which sends it on to setup', async () => {
    const member = await createTestMember(suite.platform.identityDb, clock, { graceUntil: new Date(clock.now().getTime() - DAY_MS) });
    const client = await signedIn(member.email);
    const home = await client.request({ method: 'GET', url: '/tenants', headers: { accept: 'text/html' } });
    expect(home.headers.location).toMatch(/^\/mfa\?return_to=/);
    const mfa = await client.request({ method: 'GET', url: home.headers.location as string, headers: { accept: 'text/html' } });
    expect(mfa.statusCode).toBe(303);
    expect(mfa.headers.location).toMatch(/^\/mfa\/setup/);
  });
});

describe('a user inside the grace window with no factor', () => {
  it('is refused MFA on no route but platform administration, which demands a factor proven in the session', async () => {
    const member = await createTestMember(suite.platform.identityDb, clock);
    const client = await signedIn(member.email);
    expect((await client.get('/api/v1/auth/session')).json().mfa.state).toBe('grace');
    const refusedForMfa = [...(await walk(client))].filter(([, response]) => String(response.headers['content-type']).includes('json') && response.json().error?.code === 'auth.mfa_required');
    const platformRoutes = new Set(suite.routes.filter((route) => ([] as string[]).concat(route.auth).some((posture) => posture.startsWith('platform:'))).map((route) => `${route.method} ${route.url}`));
    expect(refusedForMfa.map(([route]) => route).filter((route) => !platformRoutes.has(route))).toEqual([]);
    // Platform pages (hidden from the API document) refuse the same way, as an HTML page: the JSON routes are the ones listed.
    const platformApi = new Set(suite.routes.filter((route) => !route.hidden).map((route) => `${route.method} ${route.url}`));
    expect(refusedForMfa.map(([route]) => route).sort()).toEqual([...platformRoutes].filter((route) => !route.startsWith('HEAD') && platformApi.has(route)).sort());
  });
});
