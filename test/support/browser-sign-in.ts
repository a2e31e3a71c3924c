import type { Page } from 'playwright-core';
import { grantPlatformGroup } from '../../src/identity/platform-groups/index.js';
import type { PlatformGroup } from '../../src/platform/access/platform-permissions.js';
import type { ManualClock } from '../../src/platform/clock.js';
import { waitForArrival, type BrowserSuite } from './browser-suite.js';
import { enrollTotp } from './identity-members.js';
import { createTenantOwner, PORTAL_TEST_PASSWORD, signIn, totpCode } from './portal-users.js';
import { SuiteClient } from './suite-client.js';

const DAY_MS = 24 * 3600_000;

/**
 * A tenant owner with an authenticator app (set up through the API: the TOTP journey covers its
 * pages), signed in on a new page through the sign-in and MFA pages, arriving at the launcher.
 * `platformGroup` grants them a platform group first, as `bsns admin grant` does.
 */
export async function ownerSignedInWithTotp(suite: Pick<BrowserSuite, 'platform' | 'app' | 'baseUrl' | 'newPage'>, clock: ManualClock, options: { platformGroup?: PlatformGroup } = {}) {
  const owner = await createTenantOwner(suite.platform, { mfaGraceUntil: new Date(clock.now().getTime() + 7 * DAY_MS) });
  if (options.platformGroup) await grantPlatformGroup(suite.platform.identityDb, clock, owner.email, options.platformGroup);
  const api = new SuiteClient(suite.app, suite.baseUrl);
  await signIn(api, owner.email);
  const { secret } = await enrollTotp(api, clock);
  clock.advance(30_000);

  const base = suite.baseUrl;
  const page: Page = await suite.newPage();
  await page.goto(`${base}/sign-in`);
  await page.getByLabel('Email address', { exact: true }).fill(owner.email);
  await page.getByLabel('Password', { exact: true }).fill(PORTAL_TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await waitForArrival(page, `${base}/mfa`);
  await page.getByLabel('Code', { exact: true }).fill(totpCode(secret, clock));
  await page.getByRole('button', { name: 'Verify' }).click();
  await waitForArrival(page, `${base}/`);
  return { owner, api, secret, page, base };
}
