import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.js';
import { browserTestsEnabled, useBrowserSuite, waitForArrival } from '../support/browser-suite.js';
import { createTenantOwner, PORTAL_TEST_PASSWORD } from '../support/portal-users.js';

const clock = new ManualClock(new Date());
const suite = useBrowserSuite({ clock });

describe.skipIf(!browserTestsEnabled)('passkeys in Chromium with a virtual authenticator', () => {
  it('registers a passkey, then signs in with it alone, MFA satisfied', { timeout: 90_000 }, async () => {
    const owner = await createTenantOwner(suite.platform, { mfaGraceUntil: new Date(clock.now().getTime() + 7 * 24 * 3600_000) });
    const base = suite.baseUrl;
    const page = await suite.newPage();
    // Chromium's WebAuthn test domain: a platform authenticator that holds discoverable
    // credentials and verifies the user without a prompt.
    const cdp = await suite.browser.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
    });

    await page.goto(`${base}/sign-in?return_to=%2Faccount%2Fsecurity`);
    await page.getByLabel('Email address', { exact: true }).fill(owner.email);
    await page.getByLabel('Password', { exact: true }).fill(PORTAL_TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await waitForArrival(page, `${base}/account/security`);
    await page.getByText('No passkeys yet.').waitFor();

    await page.getByLabel('Name for a new passkey').fill('Test laptop');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    // The first factor comes with recovery codes, shown once; continuing reloads the page, which lists the passkey.
    await page.getByRole('heading', { name: 'Save your recovery codes' }).waitFor();
    expect(await page.locator('#first-factor-codes [data-recovery-code-list] li').allTextContents()).toHaveLength(10);
    await page.locator('#first-factor-codes').getByLabel('I have saved these codes somewhere safe').check();
    await page.locator('#first-factor-codes').getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('listitem').filter({ hasText: 'Test laptop' }).waitFor();
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0]!.isResidentCredential).toBe(true);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await waitForArrival(page, `${base}/sign-in?notice=signed_out`);

    // No email, no password: the authenticator names the account.
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await waitForArrival(page, `${base}/`);
    await page.getByRole('heading', { name: 'Your apps' }).waitFor();
    // A user-verifying passkey is two factors: no grace banner, and the launch goes through.
    expect(await page.getByText('Protect your account with a second sign-in step').count()).toBe(0);
    await page.getByRole('link', { name: 'Records' }).click();
    await waitForArrival(page, `${base}/records/`);
  });
});
