/**
 * The attack: malware or a shared computer copies the victim's refresh cookie. The refresh
 * secret used to live for up to 90 days and worked again and again, so the thief kept a
 * session alongside the victim's for as long as the victim stayed active. Now each use rotates
 * the secret, and presenting a secret that was already rotated away ends the whole session:
 * whichever of the two (thief or victim) refreshes second gives the theft away. Two tabs that
 * refresh at the same instant must not trip it, so the secret rotated a moment ago still
 * answers within a short grace, without rotating again and without a new refresh secret.
 *
 * The cookie itself: under https it carries the `__Host-` prefix, so no sibling host can set
 * it; and a request carrying one of the session cookies twice (a sibling subdomain tossed its
 * own in beside ours) is refused outright rather than resolved to whichever came first.
 */
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { createTestMember, signIn, uniqueTestAddress } from '../../../test/support/identity-members.js';
import { SuiteClient } from '../../../test/support/suite-client.js';
import { useTestSuite } from '../../../test/support/test-suite.js';
import { ManualClock } from '../../platform/clock.js';
import { REFRESH_REUSE_GRACE_MS } from '../sessions/rotate-refresh-token.js';
import { hashSecret } from '../sessions/session-store.js';

const clock = new ManualClock();
const suite = useTestSuite({ clock });

const REFRESH = 'bsns-refresh';
const TOKEN = 'bsns-session';

async function signedIn() {
  const member = await createTestMember(suite.platform.identityDb, clock);
  const client = new SuiteClient(suite.app, undefined, uniqueTestAddress());
  await signIn(client, member.email);
  return { member, client };
}

/** What a browser holding only this refresh secret (no token) gets from the session endpoint. */
function refreshWith(refreshToken: string): Promise<LightMyRequestResponse> {
  return suite.app.inject({ method: 'GET', url: '/api/v1/auth/session', remoteAddress: uniqueTestAddress(), headers: { cookie: `${REFRESH}=${refreshToken}` } });
}

function setCookie(response: LightMyRequestResponse, name: string): string | undefined {
  return (response.cookies as Array<{ name: string; value: string }>).find((cookie) => cookie.name === name)?.value;
}

async function sessionRow(userId: string) {
  const { rows } = await suite.platform.identityDb.query<{ refresh_token_hash: string; revoked_at: Date | null }>(
    'SELECT refresh_token_hash, revoked_at FROM sessions WHERE user_id = $1',
    [userId],
  );
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

describe('refresh secrets rotate on every use', () => {
  it('hands out a new secret, stores only its hash, and the new one refreshes next time', async () => {
    const { member, client } = await signedIn();
    const first = client.cookies.get(REFRESH)!;
    const response = await refreshWith(first);
    expect(response.statusCode, response.body).toBe(200);
    const second = setCookie(response, REFRESH);
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    expect(setCookie(response, TOKEN)).toBeDefined();
    expect((await sessionRow(member.id)).refresh_token_hash).toBe(hashSecret(second!));

    clock.advance(REFRESH_REUSE_GRACE_MS + 1);
    const third = await refreshWith(second!);
    expect(third.statusCode).toBe(200);
    expect(setCookie(third, REFRESH)).not.toBe(second);
  });

  it('does not rotate while the token is still valid (no refresh happened)', async () => {
    const { client } = await signedIn();
    const before = client.cookies.get(REFRESH);
    const response = await client.get('/api/v1/auth/session');
    expect(response.statusCode).toBe(200);
    expect(setCookie(response, REFRESH)).toBeUndefined();
    expect(client.cookies.get(REFRESH)).toBe(before);
  });
});

describe('reuse of a rotated secret ends the session', () => {
  it('the thief replays a copied secret after the victim refreshed: the session dies for both', async () => {
    const { member, client: victim } = await signedIn();
    const stolen = victim.cookies.get(REFRESH)!;

    victim.cookies.delete(TOKEN);
    expect((await victim.get('/api/v1/auth/session')).statusCode).toBe(200);
    expect(victim.cookies.get(REFRESH)).not.toBe(stolen);

    clock.advance(REFRESH_REUSE_GRACE_MS + 1);
    const replay = await refreshWith(stolen);
    expect(replay.statusCode).toBe(401);
    expect(setCookie(replay, TOKEN) ?? '').toBe('');
    expect((await sessionRow(member.id)).revoked_at).not.toBeNull();
    // The victim's current secret is dead too: the session is over, not just the copy.
    victim.cookies.delete(TOKEN);
    expect((await victim.get('/api/v1/auth/session')).statusCode).toBe(401);
  });

  it('the thief refreshes first (twice): the victim coming back with the old secret ends the thief\'s session', async () => {
    const { member, client: victim } = await signedIn();
    const stolen = victim.cookies.get(REFRESH)!;
    const thiefFirst = await refreshWith(stolen);
    expect(thiefFirst.statusCode).toBe(200);
    clock.advance(REFRESH_REUSE_GRACE_MS + 1);
    const thiefSecond = await refreshWith(setCookie(thiefFirst, REFRESH)!);
    expect(thiefSecond.statusCode).toBe(200);
    const thiefCurrent = setCookie(thiefSecond, REFRESH)!;

    clock.advance(REFRESH_REUSE_GRACE_MS + 1);
    victim.cookies.delete(TOKEN);
    expect((await victim.get('/api/v1/auth/session')).statusCode).toBe(401);
    expect((await sessionRow(member.id)).revoked_at).not.toBeNull();
    expect((await refreshWith(thiefCurrent)).statusCode).toBe(401);
  });

  it('after the grace, even the same browser replaying its previous secret ends the session', async () => {
    const { member, client } = await signedIn();
    const old = client.cookies.get(REFRESH)!;
    expect((await refreshWith(old)).statusCode).toBe(200);
    clock.advance(REFRESH_REUSE_GRACE_MS + 1);
    expect((await refreshWith(old)).statusCode).toBe(401);
    expect((await sessionRow(member.id)).revoked_at).not.toBeNull();
  });

  it('a secret that never existed is refused and ends nothing', async () => {
    const { member } = await signedIn();
    expect((await refreshWith('not-a-secret-we-issued')).statusCode).toBe(401);
    expect((await sessionRow(member.id)).revoked_at).toBeNull();
  });
});

describe('two tabs refreshing at once', () => {
  it('both succeed when they race with the same secret; exactly one rotation, and the session lives', async () => {
    const { member, client } = await signedIn();
    const shared = client.cookies.get(REFRESH)!;
    const responses = await Promise.all([refreshWith(shared), refreshWith(shared), refreshWith(shared)]);
    expect(responses.map((response) => response.statusCode)).toEqual([200, 200, 200]);
    const rotated = responses.map((response) => setCookie(response, REFRESH)).filter((value) => value !== undefined);
    expect(rotated).toHaveLength(1);
    for (const response of responses) expect(setCookie(response, TOKEN)).toBeTruthy();
    const row = await sessionRow(member.id);
    expect(row.revoked_at).toBeNull();
    expect(row.refresh_token_hash).toBe(hashSecret(rotated[0]!));
  });

  it('the second tab inside the grace gets a token and no new secret; the first tab\'s secret keeps working', async () => {
    const { member, client } = await signedIn();
    const shared = client.cookies.get(REFRESH)!;
    const firstTab = await refreshWith(shared);
    clock.advance(REFRESH_REUSE_GRACE_MS - 1);
    const secondTab = await refreshWith(shared);
    expect(secondTab.statusCode).toBe(200);
    expect(setCookie(secondTab, TOKEN)).toBeTruthy();
    expect(setCookie(secondTab, REFRESH)).toBeUndefined();
    expect((await sessionRow(member.id)).revoked_at).toBeNull();
    clock.advance(REFRESH_REUSE_GRACE_MS + 1);
    expect((await refreshWith(setCookie(firstTab, REFRESH)!)).statusCode).toBe(200);
  });
});

describe('a cookie sent twice', () => {
  it.each([
    ['the refresh cookie', (client: SuiteClient) => `${REFRESH}=${client.cookies.get(REFRESH)}; ${REFRESH}=tossed-by-a-sibling`],
    ['the token cookie', (client: SuiteClient) => `${TOKEN}=tossed-by-a-sibling; ${TOKEN}=${client.cookies.get(TOKEN)}`],
    ['the token cookie, spaced differently', (client: SuiteClient) => `${TOKEN}=${client.cookies.get(TOKEN)};${TOKEN} =x`],
  ])('refuses %s with 400 in the envelope, and ends nothing', async (_case, header) => {
    const { member, client } = await signedIn();
    const response = await suite.app.inject({ method: 'GET', url: '/api/v1/auth/session', remoteAddress: client.remoteAddress, headers: { cookie: header(client) } });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error.code).toBe('auth.duplicate_cookie');
    expect((await sessionRow(member.id)).revoked_at).toBeNull();
  });

  it('refuses a sign-in that carries the refresh cookie twice', async () => {
    const { member, client } = await signedIn();
    const response = await suite.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      remoteAddress: client.remoteAddress,
      headers: { origin: client.origin, cookie: `${REFRESH}=a; ${REFRESH}=b` },
      payload: { email: member.email, password: 'correct horse battery staple' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('auth.duplicate_cookie');
  });

  it('accepts other cookies that merely contain the name (control)', async () => {
    const { client } = await signedIn();
    const response = await suite.app.inject({
      method: 'GET',
      url: '/api/v1/auth/session',
      remoteAddress: client.remoteAddress,
      headers: { cookie: `${TOKEN}=${client.cookies.get(TOKEN)}; ${TOKEN}-other=1; x${TOKEN}=2; note=${TOKEN}=3` },
    });
    expect(response.statusCode).toBe(200);
  });
});

describe('the refresh cookie under https', () => {
  const https = useTestSuite({ env: { BSNS_PUBLIC_URL: 'https://auth.example.com', BSNS_DOMAIN: 'example.com' }, clock });

  it('is __Host-bsns-refresh: Secure, Path=/, no Domain; and a refresh rotates it under the same name', async () => {
    const member = await createTestMember(https.platform.identityDb, clock);
    const client = new SuiteClient(https.app, 'https://auth.example.com', uniqueTestAddress());
    const signedInResponse = await client.post('/api/v1/auth/sign-in', { email: member.email, password: 'correct horse battery staple' });
    const raw = ([] as string[]).concat(signedInResponse.headers['set-cookie'] ?? []);
    const refresh = raw.find((header) => header.startsWith('__Host-bsns-refresh='));
    expect(refresh, raw.join('\n')).toBeDefined();
    expect(refresh).toMatch(/; Secure/);
    expect(refresh).toMatch(/; Path=\/(;|$)/);
    expect(refresh).not.toMatch(/; Domain=/i);
    expect(raw.some((header) => header.startsWith('__Secure-bsns-refresh='))).toBe(false);

    client.cookies.delete('__Secure-bsns-session');
    const before = client.cookies.get('__Host-bsns-refresh');
    expect((await client.get('/api/v1/auth/session')).statusCode).toBe(200);
    expect(client.cookies.get('__Host-bsns-refresh')).not.toBe(before);
  });
});
