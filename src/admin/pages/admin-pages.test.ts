import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTestUser } from '../../../test/support/identity-factories.js';
import { testPrincipalHeader, testResolvers } from '../../../test/support/test-resolvers.js';
import { useTestSuite } from '../../../test/support/test-suite.js';
import { PLATFORM_PERMISSIONS } from '../../platform/access/platform-permissions.js';

const HTML = { accept: 'text/html' };
// Platform postures need a second factor proven in the session, not only MFA satisfied.
const verified = { mfaVerifiedAt: new Date().toISOString() };
const SUPER = testPrincipalHeader({ subject: randomUUID(), ...verified, platformPermissions: [...PLATFORM_PERMISSIONS] });

describe('the admin pages on the one origin', () => {
  const suite = useTestSuite({ resolvers: testResolvers });
  const page = (url: string) => suite.app.inject({ method: 'GET', url, headers: { ...HTML, ...SUPER } });

  it('searches users by a part of the address, pages with keyset cursors, and the API says the same', async () => {
    const marker = `pager-${randomUUID().slice(0, 8)}`;
    for (let i = 0; i < 3; i += 1) await createTestUser(suite.platform.identityDb, { email: `${marker}-${i}@example.test` });
    const first = await suite.app.inject({ method: 'GET', url: `/api/v1/admin/users?q=${marker.toUpperCase()}&limit=2`, headers: SUPER });
    expect(first.statusCode, first.body).toBe(200);
    const one = first.json() as { items: Array<{ email: string }>; nextCursor: string; prevCursor: string | null };
    expect(one.items).toHaveLength(2);
    expect(one.prevCursor).toBeNull();
    const second = (await suite.app.inject({ method: 'GET', url: `/api/v1/admin/users?q=${marker}&limit=2&cursor=${one.nextCursor}`, headers: SUPER })).json();
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...one.items, ...second.items].map((user: { email: string }) => user.email)).size).toBe(3);

    const html = await page(`/admin/users?q=${marker}`);
    expect(html.statusCode).toBe(200);
    for (let i = 0; i < 3; i += 1) expect(html.body).toContain(`${marker}-${i}@example.test`);
    // A `%` in the search is a character, not a wildcard.
    expect((await page('/admin/users?q=%25%25%25')).body).toContain('No user matches');
  });

  it('shows empty states and clear errors as HTML pages', async () => {
    const none = await page(`/admin/tenants?q=${randomUUID().slice(0, 12)}`);
    expect(none.statusCode).toBe(200);
    expect(none.body).toContain('No tenant matches');
    const unknown = await page(`/admin/users/${randomUUID()}`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toContain('text/html');
    expect(unknown.body).toContain('No such user.');
    expect((await page('/admin/tenants/not-an-id')).statusCode).toBe(400);
    const badCursor = await page('/admin/sessions?cursor=bm90LWEtY3Vyc29y');
    expect(badCursor.statusCode).toBe(400);
    expect(badCursor.body).toContain('page cursor is invalid');
    // The audit filter form sends its empty fields; they mean "any".
    expect((await page('/admin/audit?action=&actor=&tenant=')).statusCode).toBe(200);
    expect((await page('/admin/audit?tenant=nope')).statusCode).toBe(400);
    expect((await page('/admin/tokens')).statusCode).toBe(200);
  });

  it('answers a caller without the permission with the 403 page, whatever else they hold', async () => {
    const supportOnly = testPrincipalHeader({ ...verified, platformPermissions: ['tenants:read'] });
    const refused = await suite.app.inject({ method: 'GET', url: '/admin/audit', headers: { ...HTML, ...supportOnly } });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('<!doctype html>');
    expect((await suite.app.inject({ method: 'GET', url: '/admin/tenants', headers: { ...HTML, ...supportOnly } })).statusCode).toBe(200);
  });
});

describe('the admin pages in host mode, on auth.<domain>/admin', () => {
  const suite = useTestSuite({ resolvers: testResolvers, env: { BSNS_PUBLIC_URL: 'https://auth.example.com', BSNS_DOMAIN: 'example.com' } });

  it('answers on auth.<domain>/admin only, and sends a signed-out browser to the portal on the same host, returning here', async () => {
    const on = (host: string, headers: Record<string, string> = SUPER) => suite.app.inject({ method: 'GET', url: '/admin/users', headers: { ...HTML, ...headers, host } });
    const admin = await on('auth.example.com');
    expect(admin.statusCode).toBe(200);
    expect(admin.body).toMatch(/src="\/admin\/assets\/admin-[0-9a-f]{16}\.js"/);
    expect((await on('records.example.com')).statusCode).toBe(404);
    expect((await on('admin.example.com')).statusCode).toBe(404);
    const signedOut = await on('auth.example.com', {});
    expect(signedOut.statusCode).toBe(303);
    expect(signedOut.headers.location).toBe(`/sign-in?return_to=${encodeURIComponent('/admin/users')}`);
  });
});
