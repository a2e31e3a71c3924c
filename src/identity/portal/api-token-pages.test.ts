import { describe, expect, it } from 'vitest';
import { bearer, mintToken, signedInMember } from '../../../test/support/api-token-holders.js';
import { createTestMember } from '../../../test/support/identity-members.js';
import type { SuiteClient } from '../../../test/support/suite-client.js';
import { useTestSuite } from '../../../test/support/test-suite.js';
import { ManualClock } from '../../platform/clock.js';
import { createApiToken } from '../api-tokens/index.js';
import { hashSecret } from '../sessions/session-store.js';
import { createTenantMirror } from '../../platform/tenancy/index.js';

const clock = new ManualClock(new Date('2031-05-06T07:08:09Z'));
const suite = useTestSuite({ clock });
const HTML = { accept: 'text/html' };
const YEAR_MS = 365 * 86_400_000;

const member = (options?: Parameters<typeof signedInMember>[2]) => signedInMember(suite.app, suite.platform, options);
const browse = (client: SuiteClient, url: string) => client.request({ method: 'GET', url, headers: HTML });

/** Neither the text, nor its hash, nor any run of its random part appears in a page. */
function expectNoTokenSecret(html: string, secret: string): void {
  expect(html).not.toContain(secret);
  expect(html).not.toContain(hashSecret(secret));
  expect(html).not.toContain(secret.slice(4, 20));
}

describe('the API tokens page', () => {
  it('shows an empty state, the create form with every scope and expiries of at most a year', async () => {
    const owner = await member();
    const page = await browse(owner.browser, '/account/tokens');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('You have no API tokens yet');
    expect(page.body).toContain('href="/account/tokens"'); // in the account nav
    for (const scope of ['records:read', 'records:write', 'labels:read', 'labels:write']) expect(page.body).toContain(`value="${scope}"`);
    expect(page.body).toContain(`<option value="${owner.tenantId}" selected`);
    const expiries = [...page.body.matchAll(/<option value="(\d{4}-[^"]+)"/g)].map((match) => new Date(match[1]!).getTime() - clock.now().getTime());
    expect(expiries.length).toBeGreaterThan(1);
    expect(Math.max(...expiries)).toBeLessThanOrEqual(YEAR_MS);
    expect(page.body).toContain('This is the only time the token is shown');
    expect(page.body).toMatch(/<section class="card" id="new-token"[^>]* hidden/);
  });

  it('lists tokens with tenant, scopes, expiry, last use and revoked state, and never a secret or hash', async () => {
    const owner = await member();
    const used = await mintToken(owner, ['labels:read', 'records:read'], { name: 'nightly export' });
    const revoked = await mintToken(owner, ['records:write'], { name: 'old sync' });
    const read = await suite.app.inject({ method: 'GET', url: '/api/v1/records/labels', headers: bearer(used.secret), remoteAddress: '203.0.113.9' });
    expect(read.statusCode).toBe(200);
    expect((await owner.browser.request({ method: 'DELETE', url: `/api/v1/account/tokens/${revoked.id}` })).statusCode).toBe(204);
    const page = (await browse(owner.browser, '/account/tokens')).body;
    expect(page).toContain('nightly export');
    expect(page).toContain('Scopes: labels:read, records:read');
    expect(page).toContain('from 203.0.113.9');
    expect(page).toMatch(/old sync.*Revoked/s);
    expect(page).toContain(`data-api="/api/v1/account/tokens/${used.id}" data-method="DELETE"`);
    expect(page).not.toContain(`data-api="/api/v1/account/tokens/${revoked.id}"`); // nothing to revoke
    expect(page).toContain('data-confirm="Revoke the token');
    const { rows } = await suite.platform.identityDb.query<{ name: string }>('SELECT name FROM tenants WHERE id = $1', [owner.tenantId]);
    expect(page).toContain(`in ${rows[0]!.name}`);
    for (const secret of [used.secret, revoked.secret]) expectNoTokenSecret(page, secret);
  });

  it('pages the list', async () => {
    const owner = await member();
    await mintToken(owner, ['labels:read'], { name: 'first token' });
    clock.advance(1000);
    await mintToken(owner, ['labels:read'], { name: 'second token' });
    const first = (await browse(owner.browser, '/account/tokens?limit=1')).body;
    expect(first).toContain('second token');
    expect(first).not.toContain('first token');
    const next = /href="(\/account\/tokens\?cursor=[^"]+)" rel="next"/.exec(first)?.[1];
    expect(next).toBeDefined();
    const second = (await browse(owner.browser, `${next!}&limit=1`)).body;
    expect(second).toContain('first token');
    expect(second).toContain('rel="prev"');
  });

  it('sends a signed-out browser to sign in', async () => {
    const owner = await member();
    const response = await suite.app.inject({ method: 'GET', url: '/account/tokens', headers: HTML });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toContain('/sign-in');
    expect(owner.id).toBeDefined();
  });
});

describe('the member tokens page', () => {
  it("shows an admin the tenant's tokens with their holders and a revoke, and no secret", async () => {
    const admin = await member({ role: 'admin' });
    const colleague = await createTestMember(suite.platform.identityDb, clock);
    await suite.platform.identityDb.query("INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, 'member')", [admin.tenantId, colleague.id]);
    const own = await mintToken(admin, ['records:read'], { name: 'admin script' });
    const theirs = await createApiToken(
      { db: suite.platform.identityDb, clock, quotas: suite.platform.quotas, mirrorTenant: createTenantMirror(suite.platform.businessDb) },
      { userId: colleague.id, tenantId: admin.tenantId },
      { name: 'colleague sync', scopes: ['labels:read'], expiresAt: new Date(clock.now().getTime() + 86_400_000) },
    );
    const page = (await browse(admin.browser, '/tenant/tokens')).body;
    expect(page).toContain('href="/tenant/tokens"');
    expect(page).toMatch(/admin script <span class="item-meta">held by [^<]*<\/span>/);
    expect(page).toContain(`held by ${admin.email}`);
    expect(page).toContain(`colleague sync <span class="item-meta">held by ${colleague.email}`);
    expect(page).toContain('Scopes: labels:read');
    expect(page).toContain(`data-api="/api/v1/tenant/tokens/${theirs.token.id}" data-method="DELETE"`);
    for (const secret of [own.secret, theirs.secret]) expectNoTokenSecret(page, secret);
  });

  it('says so when no member has a token, and refuses a plain member', async () => {
    const admin = await member({ role: 'owner' });
    expect((await browse(admin.browser, '/tenant/tokens')).body).toContain('No member has made an API token');
    const plain = await member({ role: 'member' });
    const refused = await browse(plain.browser, '/tenant/tokens');
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('Only the tenant’s owners and admins');
  });
});
