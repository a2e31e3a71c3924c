import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.js';
import { browserTestsEnabled, useBrowserSuite, waitForArrival } from '../support/browser-suite.js';
import { ownerSignedInWithTotp } from '../support/browser-sign-in.js';

const clock = new ManualClock(new Date());
const suite = useBrowserSuite({ clock });

describe.skipIf(!browserTestsEnabled)('API tokens in Chromium', () => {
  it('creates a token on the account page, copies it, reads records with it over HTTP, revokes it on the page, and the next read is refused', { timeout: 120_000 }, async () => {
    const { owner, page, base } = await ownerSignedInWithTotp(suite, clock);
    // The records app's side of the tenant, as launching Records would make it.
    await suite.platform.businessDb.withTenant(owner.tenantId, (tx) => tx.query('INSERT INTO tenants (id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING', [owner.tenantId, 'mirrored']));
    await suite.browser.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });

    await page.getByRole('link', { name: 'API tokens' }).click();
    await waitForArrival(page, `${base}/account/tokens`);
    await page.getByText('You have no API tokens yet.').waitFor();
    await page.getByLabel('Name', { exact: true }).fill('nightly export');
    await page.getByLabel('records:read').check();
    await page.getByLabel('Expires after').selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByRole('heading', { name: 'Copy your new token' }).waitFor();
    await page.getByText('This is the only time the token is shown').waitFor();
    await page.getByRole('button', { name: 'Copy token' }).click();
    await page.getByText('Copied.').waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toMatch(/^pat_[0-9A-Za-z]+$/);
    expect(copied).toBe(await page.locator('[data-new-token-secret]').textContent());

    const readPeople = () => fetch(`${base}/api/v1/records/people`, { headers: { authorization: `Bearer ${copied}` } });
    expect((await readPeople()).status).toBe(200);

    // The list shows it once the page is left; its text is gone for good.
    await page.getByRole('link', { name: 'Done' }).click();
    await page.locator('.item-title', { hasText: 'nightly export' }).waitFor();
    expect(await page.content()).not.toContain(copied);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Revoke' }).click();
    await page.getByText('Revoked', { exact: true }).waitFor();

    const refused = await readPeople();
    expect(refused.status).toBe(401);
  });
});
