import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.js';
import { browserTestsEnabled, screenshotForReview, useBrowserSuite, waitForArrival } from '../support/browser-suite.js';
import { enrollTotp } from '../support/identity-members.js';
import { createTenantOwner, PORTAL_TEST_PASSWORD, signIn, totpCode } from '../support/portal-users.js';
import { SuiteClient, waitForMail } from '../support/suite-client.js';

const clock = new ManualClock(new Date());
const suite = useBrowserSuite({ clock });
const DAY_MS = 24 * 3600_000;

/** A user with an authenticator app set up through the API; `group` makes them a platform admin. */
async function userWithTotp(group?: string) {
  const user = await createTenantOwner(suite.platform, { mfaGraceUntil: new Date(clock.now().getTime() + 7 * DAY_MS) });
  if (group) {
    await suite.platform.identityDb.query(`INSERT INTO platform_group_members (user_id, group_name, granted_at, granted_by) VALUES ($1, $2, $3, 'cli')`, [user.id, group, clock.now()]);
  }
  const api = new SuiteClient(suite.app, suite.baseUrl);
  await signIn(api, user.email);
  const { secret } = await enrollTotp(api, clock);
  return { ...user, secret };
}

/** Signs in through the sign-in and MFA pages (the one browser profile holds one session at a time). */
async function signInThroughPages(page: Page, user: { email: string; secret: string }, then = '/') {
  const base = suite.baseUrl;
  clock.advance(30_000); // a fresh TOTP step: a code is accepted once
  await page.goto(`${base}/sign-in?return_to=${encodeURIComponent(then)}`);
  await page.getByLabel('Email address', { exact: true }).fill(user.email);
  await page.getByLabel('Password', { exact: true }).fill(PORTAL_TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await waitForArrival(page, `${base}/mfa?return_to=${encodeURIComponent(then)}`).catch(() => waitForArrival(page, `${base}/mfa`));
  await page.getByLabel('Code', { exact: true }).fill(totpCode(user.secret, clock));
  await page.getByRole('button', { name: 'Verify' }).click();
  await waitForArrival(page, `${base}${then}`);
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await waitForArrival(page, `${suite.baseUrl}/sign-in?notice=signed_out`);
}

async function startSupportAccess(page: Page, tenantId: string, reason: string) {
  await page.getByLabel('Tenant ID').fill(tenantId);
  await page.getByLabel('Reason (the tenant sees it)').fill(reason);
  await page.getByLabel('Minutes (at most 60)').fill('20');
  await page.getByRole('button', { name: 'Start support access' }).click();
}

describe.skipIf(!browserTestsEnabled)('support access in Chromium', () => {
  it('a super-admin impersonates a tenant, the tenant sees what was done, and with approval required support waits for it', { timeout: 150_000 }, async () => {
    const base = suite.baseUrl;
    const admin = await userWithTotp('SUPER_ADMIN');
    const owner = await userWithTotp();
    const page = await suite.newPage();

    // 1. The super-admin enters the tenant: the banner shows on the launcher and in Records.
    await signInThroughPages(page, admin, '/admin/impersonation');
    // Not the empty state: other test files share the database and its events.
    await page.getByRole('heading', { name: 'Enter a tenant as support' }).waitFor();
    await startSupportAccess(page, owner.tenantId, 'Ticket 31: cannot add people');
    await waitForArrival(page, `${base}/`);
    const banner = page.locator('[data-support-access]');
    await banner.getByText(`Support access by ${admin.email}`).waitFor();
    await page.getByRole('link', { name: 'Records' }).click();
    await waitForArrival(page, `${base}/records/`);
    await banner.getByText(`Support access by ${admin.email}`).waitFor();
    expect(await banner.textContent()).toMatch(/ends at \d\d:\d\d UTC/);
    await page.getByRole('link', { name: 'Add a person' }).click();
    await banner.waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Added by support');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Added by support' }).waitFor();
    await screenshotForReview(page, 'impersonation-banner');

    // 2. Ending it from the banner drops the support session: the browser is signed out.
    await banner.getByRole('button', { name: 'End support access' }).click();
    await waitForArrival(page, `${base}/sign-in?return_to=%2F`).catch(() => page.getByRole('button', { name: 'Sign in', exact: true }).waitFor());
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();

    // 3. The tenant's owner sees the event and every action taken, and turns approval on.
    await signInThroughPages(page, owner, '/tenant/support-access');
    const history = page.locator('[data-impersonation-event]').first();
    await history.getByText(admin.email).waitFor();
    await history.getByText('Ended', { exact: true }).waitFor();
    await history.getByRole('link', { name: admin.email }).click();
    await page.getByRole('heading', { name: `Support access by ${admin.email}` }).waitFor();
    await page.locator('[data-impersonation-action]').getByText('POST /api/v1/records/people').waitFor();
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.locator('[data-audit-entry="impersonation.ended"]').first().waitFor();
    await page.locator('[data-audit-entry="impersonation.started"]').first().waitFor();
    await page.getByRole('link', { name: 'Support access' }).click();
    await page.getByRole('button', { name: 'Require our approval' }).click();
    await page.locator('[data-support-approval="required"]').waitFor();
    await signOut(page);

    // 4. With approval required, starting only asks: no banner, the request waits.
    await signInThroughPages(page, admin, '/admin/impersonation');
    await startSupportAccess(page, owner.tenantId, 'Ticket 32: export is empty');
    // Rows of this request only: other test files' events share the list.
    const ours = (status: string) => page.locator(`[data-status="${status}"]`).filter({ hasText: 'Ticket 32: export is empty' });
    await ours('requested').getByText('Waiting for approval').waitFor();
    expect(await page.locator('[data-support-access]').count()).toBe(0);
    await waitForMail(owner.email, 'Support asks for access');
    await signOut(page);

    // 5. The owner approves the pending request.
    await signInThroughPages(page, owner, '/tenant/support-access');
    const pending = page.locator('[data-pending-request]');
    await pending.getByText('Reason: Ticket 32: export is empty').waitFor();
    await pending.getByRole('button', { name: 'Approve' }).click();
    await page.getByText('No request is waiting for an answer.').waitFor();
    await signOut(page);

    // 6. Now support can start it, and the banner is back.
    await signInThroughPages(page, admin, '/admin/impersonation');
    await page.locator('[data-status="approved"]').filter({ hasText: 'Ticket 32: export is empty' }).getByRole('button', { name: 'Start' }).click();
    await waitForArrival(page, `${base}/`);
    await banner.getByText(`Support access by ${admin.email}`).waitFor();
  });
});
