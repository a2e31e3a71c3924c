import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ManualClock } from '../../src/platform/clock.js';
import { browserTestsEnabled, screenshotForReview, useBrowserSuite, waitForArrival } from '../support/browser-suite.js';
import { ownerSignedInWithTotp } from '../support/browser-sign-in.js';
import { mailsTo } from '../support/mailbox-tokens.js';
import { totpCode } from '../support/portal-users.js';
import { waitForMail } from '../support/suite-client.js';

const clock = new ManualClock(new Date());
const suite = useBrowserSuite({ clock });

const IMPORT_CSV = ['Full name,Email,Phone,SSN', 'Imported One,one@example.test,555-0101,111-22-3333', '"Imported, Two",two@example.test,555-0102,'].join('\r\n');

describe.skipIf(!browserTestsEnabled)('the records journey in Chromium', () => {
  it('launches Records, creates a company and a person, imports a CSV, reveals an SSN after re-entering MFA, and assigns a task', { timeout: 120_000 }, async () => {
    const { owner, secret, page, base } = await ownerSignedInWithTotp(suite, clock);

    // 1. Launch Records from the portal: it lands on the records home page, empty.
    await page.getByRole('link', { name: 'Records' }).click();
    await waitForArrival(page, `${base}/records/`);
    await page.getByRole('heading', { name: 'People' }).waitFor();
    await page.getByText('No people yet.').waitFor();

    // 2. A company, then a person who works there.
    await nav(page, 'Companies').click();
    await page.getByRole('link', { name: 'Add a company' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Acme Ltd');
    await page.getByLabel('EIN').fill('12-3456789');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Acme Ltd' }).waitFor();
    expect(page.url()).toMatch(new RegExp(`^${base}/records/companies/[0-9a-f-]{36}$`));
    await page.locator('[data-sensitive-value="ein"]').getByText('•••6789').waitFor();

    await nav(page, 'People').click();
    await page.getByRole('link', { name: 'Add a person' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Ada Lovelace');
    await page.getByLabel('Email').fill('ada@example.test');
    await page.getByLabel('SSN').fill('123-45-6789');
    await page.getByLabel('Works at').selectOption({ label: 'Acme Ltd' });
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Ada Lovelace' }).waitFor();
    const personUrl = page.url();
    await page.locator('[data-sensitive-value="ssn"]').getByText('•••6789').waitFor();
    await page.getByRole('link', { name: 'Acme Ltd' }).waitFor();
    expect(await page.content()).not.toContain('123-45-6789');
    await screenshotForReview(page, 'records-person');

    // 3. Import a CSV: preview with the mapping guessed from the header, then import with progress.
    await nav(page, 'Import').click();
    await page.getByLabel('What the file holds').selectOption('person');
    await page.getByLabel('CSV file').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(IMPORT_CSV) });
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByRole('heading', { name: 'Map the columns' }).waitFor();
    expect(await page.getByLabel('Field for column Full name').inputValue()).toBe('name');
    expect(await page.getByLabel('Field for column SSN').inputValue()).toBe('ssn');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByText('Imported 2 of 2 rows.').waitFor();
    expect(await page.locator('[data-import-progress]').evaluate((element) => (element as HTMLProgressElement).value)).toBe(100);
    await nav(page, 'People').click();
    await page.getByRole('link', { name: 'Imported, Two' }).waitFor();
    await page.getByLabel('Search by name, email, phone or address').fill('imported one');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'Imported One' }).waitFor();
    expect(await page.getByRole('link', { name: 'Imported, Two' }).count()).toBe(0);

    // 4. Reveal the SSN: the MFA of the sign-in is too old by now, so it takes a fresh code.
    clock.advance(6 * 60_000);
    await page.goto(personUrl);
    await page.getByRole('button', { name: 'Reveal SSN' }).click();
    await page.getByText('Confirm it is you with your second factor').waitFor();
    await expectMasked(page);
    await page.getByLabel('Code from your authenticator app').fill(totpCode(secret, clock));
    // The form reloads the page once the code is accepted.
    const reloaded = page.waitForEvent('load');
    await page.getByRole('button', { name: 'Confirm', exact: true }).click();
    await reloaded;
    await page.getByRole('button', { name: 'Reveal SSN' }).click();
    await page.locator('[data-sensitive-value="ssn"]').getByText('123-45-6789').waitFor();
    await page.reload();
    await expectMasked(page);
    await page.locator('[data-timeline]').getByText('Revealed the SSN').waitFor();

    // 5. Assign a task to the owner: the email and the in-app notification come through the
    // outbox (the worker runs in the suite's process), and both lead to the task on Ada's page.
    await page.getByLabel('Task', { exact: true }).fill('Send the contract');
    await page.getByLabel('Assign to').selectOption({ label: owner.email });
    await page.getByLabel('Due on').fill('2031-01-31');
    await page.getByRole('button', { name: 'Add task' }).click();
    await page.locator('[data-timeline]').getByText('Created the task “Send the contract”').waitFor();
    await nav(page, 'Tasks').click();
    await page.getByRole('cell', { name: 'Send the contract' }).waitFor();

    // The email, read in the development mailbox (the file transport's messages).
    const mail = await waitForMail(owner.email, 'New task: Send the contract', 20_000);
    expect(mail.text).toContain('You were assigned a task (due 2031-01-31):');
    await page.goto(`${base}/dev/mail`);
    await page.getByRole('listitem').filter({ hasText: owner.email }).getByRole('link', { name: 'New task: Send the contract' }).click();
    await page.getByRole('heading', { name: 'New task: Send the contract' }).waitFor();
    await page.getByRole('link', { name: new RegExp(`^${escapeRegExp(personUrl)}#task-[0-9a-f-]{36}$`) }).click();
    await page.waitForURL(new RegExp(`^${escapeRegExp(personUrl)}#task-[0-9a-f-]{36}$`));
    const taskUrl = page.url();
    await page.locator(new URL(taskUrl).hash).getByText('Send the contract').waitFor();

    // The notification, on the notifications page: unread, and linking to the same task.
    await page.goto(`${base}/records/notifications`);
    await page.getByRole('heading', { name: /^Notifications/ }).getByText('1 unread').waitFor();
    await page.getByRole('link', { name: 'New task: Send the contract' }).click();
    await page.waitForURL(taskUrl);
    await page.locator(new URL(taskUrl).hash).getByText('Send the contract').waitFor();
    expect(await mailsTo(owner.email, 'New task: Send the contract')).toHaveLength(1);

    // Marking it read, from the app's navigation: the form posts to the API, the page reloads.
    await nav(page, 'Notifications').click();
    await page.getByRole('button', { name: 'Mark read' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Mark read' }).count()).toBe(0);

    // The webhook settings: an endpoint inside the network is refused with a message, not saved.
    await nav(page, 'Webhooks').click();
    await page.getByRole('heading', { name: 'Webhooks' }).waitFor();
    await page.getByText('No endpoints yet.', { exact: false }).waitFor();
    await page.getByLabel('Endpoint URL', { exact: false }).fill('http://127.0.0.1:9/hook');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await page.getByText('This webhook URL is not allowed', { exact: false }).waitFor();
    expect(page.url()).toBe(`${base}/records/settings/webhooks`);
  });
});

function nav(page: Page, label: string) {
  return page.getByRole('navigation', { name: 'Records' }).getByRole('link', { name: label, exact: true });
}

async function expectMasked(page: Page): Promise<void> {
  await page.locator('[data-sensitive-value="ssn"]').getByText('•••6789').waitFor();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
