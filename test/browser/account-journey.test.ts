import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.js';
import { browserTestsEnabled, useBrowserSuite, waitForArrival } from '../support/browser-suite.js';
import { createTenantOwner, PORTAL_TEST_PASSWORD } from '../support/portal-users.js';
import { waitForMail } from '../support/suite-client.js';

const clock = new ManualClock(new Date());
const WEEK_MS = 7 * 24 * 3600_000;
const suite = useBrowserSuite({ clock });

async function signInWithPassword(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email address', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** Opens the newest mail to `to` in the development mailbox and follows its link, as a person would. */
async function followMailLink(page: Page, to: string, subject: string, link: RegExp): Promise<void> {
  await waitForMail(to, subject);
  await page.goto(`${suite.baseUrl}/dev/mail`);
  await page.getByRole('listitem').filter({ hasText: to }).getByRole('link', { name: subject }).first().click();
  await page.getByRole('link', { name: link }).click();
  await page.waitForURL(link);
}

describe.skipIf(!browserTestsEnabled)('account journeys in Chromium', () => {
  it('resets a forgotten password from the emailed link and signs in with the new one', { timeout: 90_000 }, async () => {
    const owner = await createTenantOwner(suite.platform, { mfaGraceUntil: new Date(clock.now().getTime() + WEEK_MS) });
    const base = suite.baseUrl;
    const page = await suite.newPage();
    const newPassword = 'a freshly chosen password';

    await page.goto(`${base}/forgot-password`);
    await page.getByLabel('Email address', { exact: true }).fill(owner.email);
    await page.getByRole('button', { name: 'Send the link' }).click();
    await page.getByText('we have sent it a link').waitFor();

    await followMailLink(page, owner.email, 'Reset your bsns password', /\/reset-password\?token=/);
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByRole('button', { name: 'Change password' }).click();
    await waitForArrival(page, `${base}/sign-in?notice=password_reset`);

    await signInWithPassword(page, owner.email, newPassword);
    await waitForArrival(page, `${base}/`);
    await page.getByRole('heading', { name: 'Your apps' }).waitFor();
  });

  it('changes the email address: pending until the link from the new mailbox is used, then signs in with it', { timeout: 90_000 }, async () => {
    const owner = await createTenantOwner(suite.platform, { mfaGraceUntil: new Date(clock.now().getTime() + WEEK_MS) });
    const base = suite.baseUrl;
    const page = await suite.newPage();
    const newEmail = `moved-${randomUUID()}@example.test`;

    await page.goto(`${base}/sign-in?return_to=%2Faccount%2Fsecurity`);
    await signInWithPassword(page, owner.email, PORTAL_TEST_PASSWORD);
    await waitForArrival(page, `${base}/account/security`);
    await page.getByLabel('New email address').fill(newEmail);
    await page.getByRole('button', { name: 'Change email address' }).click();
    // The page reloads showing the request as pending; the old address is still the sign-in one.
    await page.locator('[data-pending-email-change]').getByText(newEmail).waitFor();
    await page.getByText(`You sign in with ${owner.email}.`).waitFor();
    await waitForMail(owner.email, 'Someone asked to change the email address');

    await followMailLink(page, newEmail, 'Confirm the new email address of your bsns account', /\/account\/email\/confirm\?token=/);
    await page.getByText(`sign in with ${newEmail} from now on`).waitFor();
    await page.getByRole('button', { name: 'Confirm the new address' }).click();
    await waitForArrival(page, `${base}/account/security`);
    await page.getByText(`You sign in with ${newEmail}.`).waitFor();
    expect(await page.locator('[data-pending-email-change]').count()).toBe(0);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await waitForArrival(page, `${base}/sign-in?notice=signed_out`);
    await signInWithPassword(page, newEmail, PORTAL_TEST_PASSWORD);
    await waitForArrival(page, `${base}/`);
    await page.getByRole('heading', { name: 'Your apps' }).waitFor();
  });

  it('invites a member who accepts from the emailed link after signing in', { timeout: 90_000 }, async () => {
    const owner = await createTenantOwner(suite.platform, { mfaGraceUntil: new Date(clock.now().getTime() + WEEK_MS), tenantName: `Inviting ${randomUUID().slice(0, 6)}` });
    const invitee = await createTenantOwner(suite.platform, { mfaGraceUntil: new Date(clock.now().getTime() + WEEK_MS) });
    const base = suite.baseUrl;

    const ownerPage = await suite.newPage();
    await ownerPage.goto(`${base}/sign-in?return_to=%2Ftenant%2Fmembers`);
    await signInWithPassword(ownerPage, owner.email, PORTAL_TEST_PASSWORD);
    await waitForArrival(ownerPage, `${base}/tenant/members`);
    await ownerPage.getByLabel('Email address', { exact: true }).fill(invitee.email);
    await ownerPage.getByRole('button', { name: 'Send invitation' }).click();
    await ownerPage.getByText(invitee.email).first().waitFor();
    await ownerPage.close();

    // The invitee, in the same browser profile once the owner's cookies are gone.
    await suite.browser.clearCookies();
    const page = await suite.newPage();
    await followMailLink(page, invitee.email, `You are invited to ${owner.tenantName} on bsns`, /\/invitations\/accept\?token=/);
    await page.getByRole('link', { name: 'Sign in to accept' }).click();
    await page.waitForURL(/\/sign-in\?return_to=/);
    await signInWithPassword(page, invitee.email, PORTAL_TEST_PASSWORD);
    await page.waitForURL(/\/invitations\/accept\?token=/);
    await page.getByRole('button', { name: 'Accept the invitation' }).click();
    await waitForArrival(page, `${base}/tenants`);
    await page.getByText(owner.tenantName).first().waitFor();
  });
});
