/**
 * A session token is trusted by its signature for up to ten minutes, so revoking a session does
 * not stop its token at once. The attack: the owner sees a stranger's session in the list and
 * revokes it; in the minutes its token still lives, the thief accepts an invitation mailed to the
 * account, switches tenant, renames the account or asks to move it to their own address. Identity
 * holds the session rows, so every state change it makes checks the row first.
 * And `GET /auth/session` must tell a client when its token really expires, not "ten minutes
 * from whenever you ask".
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTestMember, currentSessionId, signIn, uniqueTestAddress } from '../../../test/support/identity-members.js';
import { waitForMailTokens } from '../../../test/support/mailbox-tokens.js';
import { SuiteClient } from '../../../test/support/suite-client.js';
import { useTestSuite } from '../../../test/support/test-suite.js';
import { ManualClock } from '../../platform/clock.js';
import { SESSION_TOKEN_TTL_SECONDS } from './session-token.js';

const clock = new ManualClock(new Date('2026-10-10T09:00:00Z'));
const suite = useTestSuite({ clock });

function newClient(): SuiteClient {
  return new SuiteClient(suite.app, undefined, uniqueTestAddress());
}

/** A member signed in twice: the owner's browser, and a thief's whose session the owner revokes. */
async function revokedThief() {
  const member = await createTestMember(suite.platform.identityDb, clock);
  const owner = newClient();
  const thief = newClient();
  await signIn(owner, member.email);
  await signIn(thief, member.email);
  const revoked = await owner.request({ method: 'DELETE', url: `/api/v1/auth/sessions/${await currentSessionId(thief)}` });
  expect(revoked.statusCode).toBe(204);
  // The token is still unexpired: reads trust it, within its lifetime.
  expect((await thief.get('/api/v1/auth/session')).statusCode).toBe(200);
  return { member, owner, thief };
}

function expectSignedOut(response: { statusCode: number; body: string; json(): { error?: { code?: string } } }): void {
  expect(response.statusCode, response.body).toBe(401);
  expect(response.json().error?.code).toBe('auth.required');
}

describe('a revoked session whose token has not expired yet', () => {
  it('cannot accept an invitation mailed to the account', async () => {
    const { member, thief } = await revokedThief();
    const company = await createTestMember(suite.platform.identityDb, clock);
    const admin = newClient();
    await signIn(admin, company.email);
    expect((await admin.post('/api/v1/tenant/invitations', { email: member.email, role: 'admin' })).statusCode).toBe(201);
    const [token] = await waitForMailTokens(member.email, 'You are invited');

    expectSignedOut(await thief.post('/api/v1/auth/invitations/accept', { token }));
    const { rows } = await suite.platform.identityDb.query('SELECT 1 FROM memberships WHERE tenant_id = $1 AND user_id = $2', [company.tenantId, member.id]);
    expect(rows).toHaveLength(0);
  });

  it('cannot switch tenant, rename the account or create a tenant', async () => {
    const { member, thief } = await revokedThief();
    const { rows } = await suite.platform.identityDb.query<{ id: string }>('INSERT INTO tenants (name) VALUES ($1) RETURNING id', [`Other ${randomUUID().slice(0, 6)}`]);
    await suite.platform.identityDb.query("INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, 'owner')", [rows[0]!.id, member.id]);

    expectSignedOut(await thief.post('/api/v1/auth/tenants/switch', { tenantId: rows[0]!.id }));
    expectSignedOut(await thief.request({ method: 'PATCH', url: '/api/v1/auth/profile', payload: { displayName: 'Thief' } }));
    expectSignedOut(await thief.post('/api/v1/auth/tenants', { name: 'Thief Inc' }));
    const user = await suite.platform.identityDb.query<{ display_name: string | null }>('SELECT display_name FROM users WHERE id = $1', [member.id]);
    expect(user.rows[0]!.display_name).toBeNull();
    const owned = await suite.platform.identityDb.query("SELECT 1 FROM memberships WHERE user_id = $1 AND role = 'owner'", [member.id]);
    expect(owned.rows).toHaveLength(2);
  });

  it('is signed out by every state-changing identity route, read from the live route list; sign-out still clears its cookies', async () => {
    const { thief } = await revokedThief();
    await suite.app.ready();
    const changes = suite.routes.filter(
      (route) => route.auth !== 'public' && !['GET', 'HEAD'].includes(route.method) && /^\/api\/v1\/(auth|tenant)\//.test(route.url) && route.url !== '/api/v1/auth/sign-out',
    );
    expect(changes.length).toBeGreaterThan(10);
    for (const route of changes) {
      const url = route.url.replace(/:[A-Za-z]+/g, randomUUID());
      const response = await thief.request({ method: route.method, url, ...(route.method === 'DELETE' ? {} : { payload: {} }) });
      expect([`${route.method} ${route.url}`, response.statusCode]).toEqual([`${route.method} ${route.url}`, 401]);
    }
    const signOut = await thief.post('/api/v1/auth/sign-out');
    expect(signOut.statusCode).toBe(204);
    // The device cookie stays on purpose (it marks a known browser); the session cookies are gone.
    expect([...thief.cookies.keys()].filter((name) => name !== 'bsns-device')).toEqual([]);
  });
});

describe('a disabled user whose token has not expired yet', () => {
  it('is signed out by identity\'s state changes and cannot renew the token', async () => {
    const member = await createTestMember(suite.platform.identityDb, clock);
    const browser = newClient();
    await signIn(browser, member.email);
    await suite.platform.identityDb.query('UPDATE users SET disabled_at = $2 WHERE id = $1', [member.id, clock.now()]);

    expectSignedOut(await browser.request({ method: 'PATCH', url: '/api/v1/auth/profile', payload: { displayName: 'Still here' } }));
    expectSignedOut(await browser.post('/api/v1/auth/tenants', { name: 'After Disable Inc' }));
    const user = await suite.platform.identityDb.query<{ display_name: string | null }>('SELECT display_name FROM users WHERE id = $1', [member.id]);
    expect(user.rows[0]!.display_name).toBeNull();
    // Past the token's lifetime the refresh cookie is all that is left, and it renews nothing.
    clock.advance((SESSION_TOKEN_TTL_SECONDS + 1) * 1000);
    expectSignedOut(await browser.get('/api/v1/auth/session'));
  });
});

describe('GET /api/v1/auth/session', () => {
  it("reports the token's real expiry, not ten minutes from the time of asking", async () => {
    const member = await createTestMember(suite.platform.identityDb, clock);
    const client = newClient();
    const signedInAt = clock.now().getTime();
    await signIn(client, member.email);
    clock.advance(4 * 60_000);
    const session = (await client.get('/api/v1/auth/session')).json() as { session: { expiresAt: string } };
    expect(new Date(session.session.expiresAt).getTime()).toBe(Math.floor(signedInAt / 1000) * 1000 + SESSION_TOKEN_TTL_SECONDS * 1000);
  });
});
