import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.js';
import { browserTestsEnabled, useBrowserSuite, waitForArrival } from '../support/browser-suite.js';
import { ownerSignedInWithTotp } from '../support/browser-sign-in.js';

const clock = new ManualClock(new Date());
const suite = useBrowserSuite({ clock });

describe.skipIf(!browserTestsEnabled)('a create form sent again after its answer was lost, in Chromium', () => {
  it('creates the company once: the second Save repeats the first Idempotency-Key', { timeout: 120_000 }, async () => {
    const { owner, page, base } = await ownerSignedInWithTotp(suite, clock);
    await page.getByRole('link', { name: 'Records' }).click();
    await waitForArrival(page, `${base}/records/`);

    // The first Save reaches the server, which creates the company; its answer never arrives.
    const keys: string[] = [];
    let lost = false;
    await page.route('**/api/v1/records/companies', async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      if (lost) return route.continue();
      lost = true;
      await route.fetch();
      await route.abort('connectionreset');
    });
    await page.getByRole('navigation', { name: 'Records' }).getByRole('link', { name: 'Companies', exact: true }).click();
    await page.getByRole('link', { name: 'Add a company' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Lost Answer Ltd');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Could not reach the server').waitFor();

    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Lost Answer Ltd' }).waitFor();
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(keys[1]).toBe(keys[0]);
    const companies = await suite.platform.businessDb.withTenant(owner.tenantId, async (tx) => (await tx.query("SELECT id FROM records WHERE kind = 'company'")).rows);
    expect(companies).toHaveLength(1);
    expect(page.url()).toBe(`${base}/records/companies/${companies[0]!.id}`);
  });
});
