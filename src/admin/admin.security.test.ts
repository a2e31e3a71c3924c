/**
 * Attack stories against `/admin`: an ordinary signed-in user (or a billing admin) calls every
 * admin route and page hoping one forgot its posture; a super-admin's password alone (no MFA this
 * session) tries the same; a disabled user keeps using their token and refreshing their session;
 * a disabled tenant's token keeps reading; an admin disables themself and locks the platform out;
 * and someone reads admin pages hoping a token's hash or text shows. Each is refused, and every
 * action leaves an audit entry naming the permission that allowed it.
 */
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { bearer, mintToken, signedInMember } from '../../test/support/api-token-holders.js';
import { createTestMember, signIn, uniqueTestAddress } from '../../test/support/identity-members.js';
import { platformAdmin } from '../../test/support/platform-admins.js';
import { SuiteClient, waitForMail } from '../../test/support/suite-client.js';
import { useTestSuite } from '../../test/support/test-suite.js';
import { ManualClock } from '../platform/clock.js';
import { grantPlatformGroup } from '../identity/platform-groups/index.js';

const clock = new ManualClock();
const suite = useTestSuite({ clock });

/** Every admin route and page (impersonation is another part's; assets are public). */
function adminRoutes() {
  return suite.routes.filter(
    (route) => (route.url.startsWith('/api/v1/admin/') || route.url === '/admin' || route.url === '/admin/' || route.url.startsWith('/admin/')) &&
      !route.url.startsWith('/admin/assets') && !route.url.startsWith('/admin/impersonation') && !route.url.startsWith('/api/v1/admin/impersonation') && route.method !== 'HEAD',
  );
}

const concrete = (url: string) => url.replaceAll(':id', randomUUID());

async function entriesFor(targetId: string) {
  const { rows } = await suite.platform.identityDb.query<{ action: string; permission: string | null; actor_id: string | null; client_address: string | null; metadata: Record<string, unknown>; tenant_id: string | null }>(
    "SELECT action, permission, actor_id, client_address, metadata, tenant_id FROM platform_audit_log WHERE target_id = $1 AND action LIKE 'admin.%' ORDER BY seq",
    [targetId],
  );
  return rows;
}

function expectCode(response: LightMyRequestResponse, status: number, code: string) {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.json().error.code).toBe(code);
}

describe('who reaches /admin', () => {
  it('refuses every admin API route and page to a signed-in, MFA-verified user without a platform group', async () => {
    const routes = adminRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(20);
    const nobody = await platformAdmin(suite.app, suite.platform, clock, null);
    for (const route of routes) {
      const response = await nobody.browser.request({ method: route.method, url: concrete(route.url) });
      expect(response.statusCode, `${route.method} ${route.url}`).toBe(403);
      if (route.url.startsWith('/api/')) expect(response.json().error.code).toBe('auth.permission_denied');
      else {
        // A page answers with the HTML error page, not JSON.
        expect(response.headers['content-type']).toContain('text/html');
        expect(response.body).toContain('You do not have permission to do this.');
      }
    }
  });

  it('refuses the users:manage actions and the user pages to a billing admin', async () => {
    const billing = await platformAdmin(suite.app, suite.platform, clock, 'BILLING_ADMIN');
    const victim = await createTestMember(suite.platform.identityDb, clock);
    for (const url of ['disable', 'enable', 'sessions/revoke', 'mfa/reset'].map((verb) => `/api/v1/admin/users/${victim.id}/${verb}`)) {
      expectCode(await billing.browser.post(url), 403, 'auth.permission_denied');
    }
    expectCode(await billing.browser.post(`/api/v1/admin/tokens/${randomUUID()}/revoke`), 403, 'auth.permission_denied');
    expect((await billing.browser.get(`/admin/users/${victim.id}`)).statusCode).toBe(403);
    // tenants:read is theirs: the overview and the tenant list answer.
    expect((await billing.browser.get('/admin')).statusCode).toBe(200);
    expect((await billing.browser.get('/api/v1/admin/tenants')).statusCode).toBe(200);
    // The tenant page, but not its members' addresses: those are users:read.
    const tenantPage = await billing.browser.get(`/admin/tenants/${victim.tenantId}`);
    expect(tenantPage.statusCode).toBe(200);
    expect(tenantPage.body).not.toContain(victim.email);
    expect(tenantPage.body).toContain('Members are shown to platform admins who may read users.');
    expect((await suite.platform.identityDb.query('SELECT disabled_at FROM users WHERE id = $1', [victim.id])).rows[0]?.disabled_at).toBeNull();
  });

  it('refuses a super-admin whose session has not proven MFA, and sends their browser to /mfa', async () => {
    const admin = await platformAdmin(suite.app, suite.platform, clock, 'SUPER_ADMIN');
    const passwordOnly = new SuiteClient(suite.app, undefined, uniqueTestAddress());
    await signIn(passwordOnly, admin.email);
    expectCode(await passwordOnly.get('/api/v1/admin/users'), 403, 'auth.mfa_required');
    expectCode(await passwordOnly.post(`/api/v1/admin/users/${randomUUID()}/disable`), 403, 'auth.mfa_required');
    const page = await passwordOnly.get('/admin/users');
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe(`/mfa?return_to=${encodeURIComponent('/admin/users')}`);
    const anonymous = await suite.app.inject({ method: 'GET', url: '/admin' });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toMatch(/^\/sign-in\?return_to=/);
  });
});

describe('credentials that never reach /admin', () => {
  it("refuses a super-admin's own access token and a cross-site form post", async () => {
    const admin = await platformAdmin(suite.app, suite.platform, clock, 'SUPER_ADMIN');
    const victim = await createTestMember(suite.platform.identityDb, clock);
    const holder = { ...admin, clock };
    const token = await mintToken(holder, ['records:read', 'records:write']);
    const withToken = await suite.app.inject({ method: 'POST', url: `/api/v1/admin/users/${victim.id}/disable`, headers: bearer(token.secret) });
    expect(withToken.statusCode).toBe(401);
    expect((await suite.app.inject({ method: 'GET', url: '/api/v1/admin/users', headers: bearer(token.secret) })).statusCode).toBe(401);
    const crossSite = await admin.browser.request({ method: 'POST', url: `/api/v1/admin/users/${victim.id}/disable`, headers: { origin: 'https://evil.example' } });
    expectCode(crossSite, 403, 'auth.csrf_rejected');
    expect((await suite.platform.identityDb.query('SELECT disabled_at FROM users WHERE id = $1', [victim.id])).rows[0]?.disabled_at).toBeNull();
  });
});

describe('admin actions', () => {
  it('disabling a user refuses their token on the next request and their session refresh, and audits it', async () => {
    const admin = await platformAdmin(suite.app, suite.platform, clock, 'SUPER_ADMIN');
    const victim = await signedInMember(suite.app, suite.platform);
    const token = await mintToken(victim, ['records:read']);
    expect((await suite.app.inject({ method: 'GET', url: '/api/v1/records/people', headers: bearer(token.secret) })).statusCode).toBe(200);
    const refresh = victim.browser.cookies.get('bsns-refresh')!;

    const disabled = await admin.browser.post(`/api/v1/admin/users/${victim.id}/disable`);
    expect(disabled.statusCode, disabled.body).toBe(200);
    expect(disabled.json()).toEqual({ changed: true });
    expectCode(await suite.app.inject({ method: 'GET', url: '/api/v1/records/people', headers: bearer(token.secret) }), 401, 'auth.required');
    const refreshed = await suite.app.inject({ method: 'GET', url: '/api/v1/auth/session', remoteAddress: uniqueTestAddress(), headers: { cookie: `bsns-refresh=${refresh}` } });
    expect(refreshed.statusCode).toBe(401);
    const again = await victim.browser.post('/api/v1/auth/sign-in', { email: victim.email, password: 'correct horse battery staple' });
    expect(again.statusCode).toBe(401);

    expect((await admin.browser.post(`/api/v1/admin/users/${victim.id}/disable`)).json()).toEqual({ changed: false });
    expect((await admin.browser.post(`/api/v1/admin/users/${victim.id}/enable`)).json()).toEqual({ changed: true });
    const entries = await entriesFor(victim.id);
    expect(entries.map((entry) => [entry.action, entry.permission, entry.actor_id])).toEqual([
      ['admin.user.disabled', 'users:manage', admin.id],
      ['admin.user.enabled', 'users:manage', admin.id],
    ]);
    expect(entries[0]!.client_address).toBe(admin.browser.remoteAddress);
    expect(entries[0]!.metadata).toEqual({ sessions_revoked: 1 });
  });

  it('refuses an admin disabling themself or resetting their own factors', async () => {
    const admin = await platformAdmin(suite.app, suite.platform, clock, 'SUPER_ADMIN');
    expectCode(await admin.browser.post(`/api/v1/admin/users/${admin.id}/disable`), 409, 'admin.self_action_refused');
    expectCode(await admin.browser.post(`/api/v1/admin/users/${admin.id}/mfa/reset`), 409, 'admin.self_action_refused');
    expect((await admin.browser.get('/api/v1/admin/overview')).statusCode).toBe(200);
    expect(await entriesFor(admin.id)).toEqual([]);
  });

  it('disabling a tenant refuses its tokens at once, revokes its sessions, refuses launching and shows on the portal', async () => {
    const admin = await platformAdmin(suite.app, suite.platform, clock, 'SUPER_ADMIN');
    const owner = await signedInMember(suite.app, suite.platform);
    const token = await mintToken(owner, ['records:read']);
    const disabled = await admin.browser.post(`/api/v1/admin/tenants/${owner.tenantId}/disable`);
    expect(disabled.statusCode, disabled.body).toBe(200);
    expectCode(await suite.app.inject({ method: 'GET', url: '/api/v1/records/people', headers: bearer(token.secret) }), 401, 'auth.required');
    const { rows } = await suite.platform.identityDb.query('SELECT count(*)::int AS live FROM sessions WHERE user_id = $1 AND revoked_at IS NULL', [owner.id]);
    expect(rows[0]?.live).toBe(0);

    const back = new SuiteClient(suite.app, undefined, uniqueTestAddress());
    await signIn(back, owner.email);
    // Signing in again lands in no tenant: a membership of a disabled tenant counts as none.
    expect((await back.get('/api/v1/auth/session')).json().tenant ?? null).toBeNull();
    expectCode(await back.get('/launch/records'), 403, 'auth.tenant_required');
    const listed = await back.get('/api/v1/auth/tenants');
    expect(listed.json().items).toEqual([expect.objectContaining({ id: owner.tenantId, disabled: true })]);
    expect((await back.get('/tenants')).body).toContain('Disabled');
    const launcher = await back.request({ method: 'GET', url: '/', headers: { accept: 'text/html' } });
    expect(launcher.body).toContain('You are not working in a tenant yet.');
    expect(launcher.body).not.toContain('href="/launch/records"');

    expect((await admin.browser.post(`/api/v1/admin/tenants/${owner.tenantId}/enable`)).json()).toEqual({ changed: true });
    expect((await suite.app.inject({ method: 'GET', url: '/api/v1/records/people', headers: bearer(token.secret) })).statusCode).toBe(200);
    const entries = await entriesFor(owner.tenantId);
    expect(entries.map((entry) => [entry.action, entry.permission, entry.tenant_id])).toEqual([
      ['admin.tenant.disabled', 'tenants:manage', owner.tenantId],
      ['admin.tenant.enabled', 'tenants:manage', owner.tenantId],
    ]);
  });

  it('revokes a token, one session and all sessions of a user, each audited with users:manage', async () => {
    const admin = await platformAdmin(suite.app, suite.platform, clock, 'SUPER_ADMIN');
    const member = await signedInMember(suite.app, suite.platform);
    const token = await mintToken(member, ['records:read']);
    expect((await admin.browser.post(`/api/v1/admin/tokens/${token.id}/revoke`)).json()).toEqual({ changed: true });
    expectCode(await suite.app.inject({ method: 'GET', url: '/api/v1/records/people', headers: bearer(token.secret) }), 401, 'auth.required');

    const sessions = await admin.browser.get(`/api/v1/admin/sessions?user=${member.id}`);
    const [session] = sessions.json().items as Array<{ id: string }>;
    expect((await admin.browser.post(`/api/v1/admin/sessions/${session!.id}/revoke`)).json()).toEqual({ revoked: 1 });
    expect((await admin.browser.post(`/api/v1/admin/sessions/${session!.id}/revoke`)).json()).toEqual({ revoked: 0 });
    expectCode(await admin.browser.post(`/api/v1/admin/sessions/${randomUUID()}/revoke`), 404, 'auth.session_not_found');
    await signIn(new SuiteClient(suite.app, undefined, uniqueTestAddress()), member.email);
    expect((await admin.browser.post(`/api/v1/admin/users/${member.id}/sessions/revoke`)).json()).toEqual({ revoked: 1 });

    expect((await entriesFor(token.id)).map((entry) => [entry.action, entry.permission, entry.tenant_id])).toEqual([['admin.api_token.revoked', 'users:manage', member.tenantId]]);
    expect((await entriesFor(session!.id)).map((entry) => [entry.action, entry.permission])).toEqual([['admin.session.revoked', 'users:manage']]);
    expect((await entriesFor(member.id)).map((entry) => [entry.action, entry.metadata])).toEqual([['admin.user.sessions_revoked', { sessions_revoked: 1 }]]);
  });

  it('forcing MFA re-enrolment removes the factors, signs the user out and makes the next sign-in enrol', async () => {
    const admin = await platformAdmin(suite.app, suite.platform, clock, 'SUPER_ADMIN');
    const user = await platformAdmin(suite.app, suite.platform, clock, null);
    const reset = await admin.browser.post(`/api/v1/admin/users/${user.id}/mfa/reset`);
    expect(reset.statusCode, reset.body).toBe(204);
    const db = suite.platform.identityDb;
    const counts = await db.query(
      `SELECT (SELECT count(*)::int FROM totp_factors WHERE user_id = $1) AS totp, (SELECT count(*)::int FROM recovery_codes WHERE user_id = $1) AS codes,
         (SELECT count(*)::int FROM sessions WHERE user_id = $1 AND revoked_at IS NULL) AS live`,
      [user.id],
    );
    expect(counts.rows[0]).toEqual({ totp: 0, codes: 0, live: 0 });
    const next = new SuiteClient(suite.app, undefined, uniqueTestAddress());
    expect((await signIn(next, user.email)).mfa.state).toBe('enroll');
    const [entry] = await entriesFor(user.id);
    expect(entry).toMatchObject({ action: 'admin.user.mfa_reset', permission: 'users:manage', actor_id: admin.id, metadata: { totp_removed: 1, sessions_revoked: 2 } });
    expect((await waitForMail(user.email, 'multi-factor')).text).toContain('set up a passkey or an authenticator app');
  });

  it('refuses an action from an admin whose session was revoked, even while its token lives', async () => {
    const admin = await platformAdmin(suite.app, suite.platform, clock, 'SUPER_ADMIN');
    const victim = await createTestMember(suite.platform.identityDb, clock);
    await suite.platform.identityDb.query('UPDATE sessions SET revoked_at = now() WHERE user_id = $1', [admin.id]);
    expectCode(await admin.browser.post(`/api/v1/admin/users/${victim.id}/disable`), 401, 'auth.required');
    expect((await suite.platform.identityDb.query('SELECT disabled_at FROM users WHERE id = $1', [victim.id])).rows[0]?.disabled_at).toBeNull();
  });
});

describe('what admin responses never show', () => {
  it('no admin route or page carries a token hash or secret', async () => {
    const admin = await platformAdmin(suite.app, suite.platform, clock, 'SUPER_ADMIN');
    const member = await signedInMember(suite.app, suite.platform);
    await grantPlatformGroup(suite.platform.identityDb, clock, member.email, 'SUPPORT_ADMIN');
    const token = await mintToken(member, ['records:read']);
    const { rows } = await suite.platform.identityDb.query<{ token_hash: string }>('SELECT token_hash FROM api_tokens WHERE id = $1', [token.id]);
    const hash = rows[0]!.token_hash;
    const secretBody = token.secret.slice(4, 24);
    const gets = adminRoutes().filter((route) => route.method === 'GET');
    const urls = gets.map((route) => route.url.replace(':id', route.url.includes('/tenants/') ? member.tenantId : member.id));
    urls.push(`/api/v1/admin/tokens?user=${member.id}`, `/api/v1/admin/sessions?user=${member.id}`, `/admin/users?q=${encodeURIComponent(member.email)}`);
    for (const url of urls) {
      const response = await admin.browser.get(url);
      expect(response.statusCode, `${url}: ${response.body.slice(0, 200)}`).toBe(200);
      expect(response.body, url).not.toContain(hash);
      expect(response.body, url).not.toContain(secretBody);
      expect(response.body.toLowerCase(), url).not.toContain('token_hash');
    }
    const listed = await admin.browser.get(`/api/v1/admin/tokens?user=${member.id}`);
    expect(listed.json().items).toEqual([expect.objectContaining({ id: token.id, name: 'test token', scopes: ['records:read'] })]);
  });
});
