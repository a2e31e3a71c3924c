import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ManualClock } from '../../src/platform/clock.js';
import { openIncident } from '../../src/trust/status/index.js';
import { browserTestsEnabled, screenshotForReview, useBrowserSuite, waitForArrival } from '../support/browser-suite.js';

const clock = new ManualClock(new Date());
const suite = useBrowserSuite({ clock });

/** Collects every CSP violation the page reports, as an event and as Chromium's console error. */
async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  const consoleViolations: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) consoleViolations.push(message.text());
  });
  await page.addInitScript(() => {
    const found: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = found;
    document.addEventListener('securitypolicyviolation', (event) => found.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
  return async () => [...consoleViolations, ...(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations))];
}

describe.skipIf(!browserTestsEnabled)('the trust pages in Chromium', () => {
  it('opens /security and follows it to the sub-processors, the questionnaire and the status page, with no CSP violation', { timeout: 60_000 }, async () => {
    const title = `Degraded search ${Date.now()}`;
    await openIncident({ db: suite.platform.identityDb, clock }, { title, impact: 'minor', message: 'Searches take a few seconds.' });
    const base = suite.baseUrl;
    const page = await suite.newPage();
    const violations = await watchCsp(page);

    await page.goto(`${base}/security`);
    await page.getByRole('heading', { name: 'Security', level: 1 }).waitFor();
    await page.getByRole('heading', { name: "What we don't have yet" }).waitFor();
    expect(await violations()).toEqual([]);
    await screenshotForReview(page, 'trust-security');

    // The landing page's own link (the trust navigation has one too).
    await page.getByRole('listitem').filter({ hasText: 'who else handles data' }).getByRole('link', { name: 'Sub-processors' }).click();
    await waitForArrival(page, `${base}/security/sub-processors`);
    await page.getByRole('rowheader', { name: 'Outgoing mail relay (MAIL_URL)' }).waitFor();
    expect(await violations()).toEqual([]);

    await page.getByRole('navigation', { name: 'Trust' }).getByRole('link', { name: 'Security questionnaire' }).click();
    await waitForArrival(page, `${base}/security/faq`);
    await page.getByRole('heading', { name: 'CEK: Cryptography, Encryption and Key Management' }).waitFor();
    expect(await page.locator('#BCR-08\\.1').textContent()).toContain('No (planned)');
    expect(await violations()).toEqual([]);
    await screenshotForReview(page, 'trust-faq');

    await page.getByRole('navigation', { name: 'Trust' }).getByRole('link', { name: 'Status' }).click();
    await waitForArrival(page, `${base}/status`);
    await page.getByRole('heading', { name: title }).waitFor();
    await page.getByRole('rowheader', { name: 'Sign-in and portal' }).waitFor();
    // The trust stylesheet arrived from /security/assets/: the state badge has its colour.
    const badge = page.locator('.state').first();
    expect(await badge.evaluate((element) => getComputedStyle(element).borderRadius)).toBe('999px');
    expect(await violations()).toEqual([]);
    await screenshotForReview(page, 'trust-status');
  });
});
