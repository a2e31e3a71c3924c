import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.js';
import { browserTestsEnabled, screenshotForReview, useBrowserSuite, waitForArrival } from '../support/browser-suite.js';
import { totpCode } from '../support/portal-users.js';
import { waitForMail } from '../support/suite-client.js';

const clock = new ManualClock(new Date());
const suite = useBrowserSuite({ clock });

describe.skipIf(!browserTestsEnabled)('the password and authenticator-app journey in Chromium', () => {
  it('signs up, verifies the email from the mailbox, enrolls TOTP, signs in again with it and launches an app', { timeout: 90_000 }, async () => {
    const page = await suite.newPage();
    const base = suite.baseUrl;
    const email = `journey-${randomUUID()}@example.test`;
    const password = 'a journey password';

    await page.goto(`${base}/sign-up`);
    await page.getByLabel('Email address', { exact: true }).fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByLabel('Organisation name').fill('Journey Ltd');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('Check your inbox').waitFor();

    // The mail is written after the response; wait for the file, then follow it as a person would.
    await waitForMail(email, 'Confirm your email');
    await page.goto(`${base}/dev/mail`);
    await page.getByRole('listitem').filter({ hasText: email }).getByRole('link', { name: 'Confirm your email address for bsns' }).click();
    await page.getByRole('link', { name: /\/verify-email\?token=/ }).click();
    await page.waitForURL(/\/verify-email\?token=/);
    await page.getByRole('button', { name: 'Confirm my email address' }).click();
    await waitForArrival(page, `${base}/sign-in?notice=email_verified`);
    await page.getByText('Your email address is confirmed').waitFor();
    await screenshotForReview(page, 'sign-in');

    await signInWithPassword(page, email, password);
    await waitForArrival(page, `${base}/`);
    await page.getByText('Protect your account with a second sign-in step').waitFor();
    await page.getByRole('link', { name: 'Set up two-step sign-in' }).click();
    await waitForArrival(page, `${base}/mfa/setup`);

    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    await page.getByRole('img', { name: 'QR code that adds bsns to your authenticator app' }).waitFor();
    expect(await page.getByRole('img', { name: /QR code/ }).getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
    const secret = (await page.locator('[data-totp-secret]').textContent())!.replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await screenshotForReview(page, 'mfa-setup');
    await page.getByLabel('6-digit code from the app').fill(totpCode(secret, clock));
    await page.getByRole('button', { name: 'Confirm' }).click();

    await page.getByRole('heading', { name: 'Save your recovery codes' }).waitFor();
    const codes = await page.locator('[data-recovery-code-list] li').allTextContents();
    expect(codes).toHaveLength(10);
    await page.getByLabel('I have saved these codes somewhere safe').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await waitForArrival(page, `${base}/`);
    expect(await page.getByText('Protect your account with a second sign-in step').count()).toBe(0);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await waitForArrival(page, `${base}/sign-in?notice=signed_out`);

    // A new time step: the code used at enrolment cannot be replayed.
    clock.advance(30_000);
    await signInWithPassword(page, email, password);
    await waitForArrival(page, `${base}/mfa`);
    await page.getByLabel('Code', { exact: true }).fill(totpCode(secret, clock));
    await page.getByRole('button', { name: 'Verify' }).click();
    await waitForArrival(page, `${base}/`);

    // The launch is proven by where it lands; the records journey covers the app itself.
    await page.getByRole('link', { name: 'Records' }).click();
    await waitForArrival(page, `${base}/records/`);
  });
});

async function signInWithPassword(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email address', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}
