import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.js';
import { browserTestsEnabled, screenshotForReview, useBrowserSuite } from '../support/browser-suite.js';

const clock = new ManualClock(new Date());
const suite = useBrowserSuite({ clock });

describe.skipIf(!browserTestsEnabled)('the API reference at /api/docs, in Chromium', () => {
  it('renders the served document under the CSP, from this origin only', { timeout: 90_000 }, async () => {
    const page = await suite.newPage();
    const requests: string[] = [];
    const violations: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    // Chromium reports each CSP refusal on the console ("Refused to … Content Security Policy").
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    page.on('pageerror', (error) => violations.push(`page error: ${error.message}`));

    const response = await page.goto(`${suite.baseUrl}/api/docs`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.locator('.swagger-ui .info .title').getByText('bsns API').waitFor({ timeout: 30_000 });
    // Every area is listed, folded (expanded at once, a document of this size stopped rendering).
    await page.locator('.opblock-tag', { hasText: 'pact' }).first().waitFor();
    expect(await page.locator('.opblock-tag').count()).toBeGreaterThan(10);
    await page.locator('.opblock-tag', { hasText: /^records/ }).first().click();
    await page.locator('.opblock-summary-path', { hasText: '/api/v1/records/labels' }).first().waitFor();
    expect(await page.locator('.opblock').count()).toBeGreaterThan(20);
    await screenshotForReview(page, 'api-docs');

    expect(violations).toEqual([]);
    const foreign = requests.filter((url) => !url.startsWith(`${suite.baseUrl}/`) && !url.startsWith('data:'));
    expect(foreign).toEqual([]);
    expect(requests).toEqual(expect.arrayContaining([`${suite.baseUrl}/api/docs/swagger-ui-bundle.js`, `${suite.baseUrl}/api/v1/openapi.json`]));
    // No inline script or style in the page itself.
    const html = await (await page.request.get(`${suite.baseUrl}/api/docs`)).text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle=/);
  });
});
