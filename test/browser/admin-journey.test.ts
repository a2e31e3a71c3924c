import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.js';
import { bearer, mintToken } from '../support/api-token-holders.js';
import { browserTestsEnabled, screenshotForReview, useBrowserSuite, waitForArrival } from '../support/browser-suite.js';
import { ownerSignedInWithTotp } from '../support/browser-sign-in.js';
import { createTestMember, signIn } from '../support/identity-members.js';
import { SuiteClient } from '../support/suite-client.js';

const clock = new ManualClock(new Date());
const suite = useBrowserSuite({ clock });

describe.skipIf(!browserTestsEnabled)('the admin journey in Chromium', () => {
  it('a super-admin signs in with TOTP, finds a user, disables them, their token is refused and the action is in the audit log', { timeout: 120_000 }, async () => {
    // A member of a tenant (mirrored into the business database, as launch would) with a token.
    const member = await createTestMember(suite.platform.identityDb, clock);
    await suite.platform.businessDb.withTenant(member.tenantId, (tx) => tx.query('INSERT INTO tenants (id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING', [member.tenantId, 'mirrored']));
    const victim = { ...member, browser: new SuiteClient(suite.app, suite.baseUrl), clock };
    await signIn(victim.browser, victim.email);
    const token = await mintToken(victim, ['records:read']);
    expect((await suite.app.inject({ method: 'GET', url: '/api/v1/records/people', headers: bearer(token.secret) })).statusCode).toBe(200);

    const { page, base } = await ownerSignedInWithTotp(suite, clock, { platformGroup: 'SUPER_ADMIN' });
    await page.goto(`${base}/admin`);
    await page.getByRole('heading', { name: 'Platform administration' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Platform administration' });

    await nav.getByRole('link', { name: 'Users' }).click();
    await waitForArrival(page, `${base}/admin/users`);
    await page.getByLabel('Search by email, name or id').fill(victim.email.toUpperCase());
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: victim.email }).click();
    await waitForArrival(page, `${base}/admin/users/${victim.id}`);
    await page.getByRole('heading', { name: victim.email }).waitFor();
    await page.getByText('Live sessions').waitFor();

    page.once('dialog', (dialog) => void dialog.accept());
    const reloaded = page.waitForEvent('load');
    await page.getByRole('button', { name: 'Disable user' }).click();
    await reloaded;
    await page.getByRole('button', { name: 'Enable user' }).waitFor();
    await page.getByText('No live session.').waitFor();
    await screenshotForReview(page, 'admin-user-disabled');

    const refused = await suite.app.inject({ method: 'GET', url: '/api/v1/records/people', headers: bearer(token.secret) });
    expect(refused.statusCode).toBe(401);

    await nav.getByRole('link', { name: 'Audit log' }).click();
    await waitForArrival(page, `${base}/admin/audit`);
    await page.getByLabel('Action').fill('admin.user.disabled');
    await page.getByRole('button', { name: 'Filter' }).click();
    // The suite's database is shared with other test files: pick this user's row.
    const row = page.getByRole('row').filter({ hasText: 'admin.user.disabled' }).filter({ has: page.getByRole('link', { name: `user ${victim.id}` }) });
    await row.getByText('users:manage').waitFor();
    await row.getByRole('link', { name: `user ${victim.id}` }).waitFor();
  });
});
