import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.js';
import { browserTestsEnabled, useBrowserSuite, waitForArrival } from '../support/browser-suite.js';
import { createTenantOwner, PORTAL_TEST_PASSWORD } from '../support/portal-users.js';

const DAY_MS = 24 * 3600_000;
const clock = new ManualClock(new Date());
const suite = useBrowserSuite({ clock });

describe.skipIf(!browserTestsEnabled)('MFA enforcement after the grace window, in Chromium', () => {
  it('sends a user without a factor to enrolment, and no launch reaches an app', { timeout: 90_000 }, async () => {
    const owner = await createTenantOwner(suite.platform, { mfaGraceUntil: new Date(clock.now().getTime() + 7 * DAY_MS) });
    clock.advance(8 * DAY_MS);
    const base = suite.baseUrl;
    const page = await suite.newPage();

    await page.goto(`${base}/sign-in`);
    await page.getByLabel('Email address', { exact: true }).fill(owner.email);
    await page.getByLabel('Password', { exact: true }).fill(PORTAL_TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await waitForArrival(page, `${base}/mfa/setup`);
    await page.getByText('Your account needs a second sign-in step before you can open your apps.').waitFor();
    expect(await page.getByRole('link', { name: 'Not now' }).count()).toBe(0);

    // Typing the launch URL does not get past the gate: it ends on enrolment again.
    await page.goto(`${base}/launch/records`);
    await waitForArrival(page, `${base}/mfa/setup?return_to=%2Flaunch%2Frecords`);
    expect(new URL(page.url()).pathname).toBe('/mfa/setup');
    // Nor does the launcher.
    await page.goto(`${base}/`);
    await waitForArrival(page, `${base}/mfa/setup`);
  });
});
