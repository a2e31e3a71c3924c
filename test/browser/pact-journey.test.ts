import { createHash } from 'node:crypto';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPdfSignature } from '../../src/apps/pact/pdf/index.js';
import { ManualClock } from '../../src/platform/clock.js';
import { waitForMailTokens } from '../support/mailbox-tokens.js';
import { browserTestsEnabled, CHROMIUM_ARGS, CHROMIUM_PATH, screenshotForReview, useBrowserSuite, waitForArrival } from '../support/browser-suite.js';
import { ownerSignedInWithTotp } from '../support/browser-sign-in.js';

const clock = new ManualClock(new Date());
const suite = useBrowserSuite({ clock });
// Signers and the public verifier browse in browsers of their own: no session of the sender.
let outsider: Browser | undefined;
beforeAll(async () => {
  if (browserTestsEnabled) outsider = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
});
afterAll(async () => {
  await outsider?.close();
});

async function agreementPdf(): Promise<Buffer> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  for (const number of [1, 2]) document.addPage([612, 792]).drawText(`Services agreement, page ${number}`, { x: 72, y: 700, size: 18, font });
  return Buffer.from(await document.save());
}

/** Clicks a page of the rendered PDF at a point given in fractions of the page. */
async function clickPage(page: Page, index: number, x: number, y: number): Promise<void> {
  const target = page.locator('.pact-page').nth(index);
  const box = (await target.boundingBox())!;
  await target.click({ position: { x: box.width * x, y: box.height * y } });
}

async function signAs(email: string, base: string, sign: (page: Page) => Promise<void>): Promise<void> {
  const [token] = await waitForMailTokens(email, 'Please sign');
  const context = await outsider!.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/pact/sign?token=${token}`);
  await page.getByRole('button', { name: 'Open the document' }).click();
  await waitForArrival(page, `${base}/pact/sign/envelope`);
  await page.locator('.pact-page canvas').first().waitFor();
  await page.locator('.pact-field-mine').first().waitFor();
  await sign(page);
  await page.getByRole('button', { name: 'Sign', exact: true }).click();
  await page.getByRole('heading', { name: 'Thank you for signing' }).waitFor();
  await screenshotForReview(page, `pact-signed-${email.split('@')[0]}`);
  await context.close();
}

describe.skipIf(!browserTestsEnabled)('pact in Chromium', () => {
  it('prepares an envelope on the rendered PDF, two signers sign in order by their emailed links, and the completed PDF verifies (a one-byte edit does not)', { timeout: 180_000 }, async () => {
    const { page, base } = await ownerSignedInWithTotp(suite, clock);
    await page.getByRole('link', { name: /Pact/ }).first().click();
    await waitForArrival(page, `${base}/pact/`);
    await page.getByText('No envelopes yet.').waitFor();

    await page.getByLabel('Title').fill('Services agreement');
    await page.getByRole('button', { name: 'Create draft' }).click();
    await page.waitForURL(/\/pact\/envelopes\/[0-9a-f-]+$/);
    await page.getByLabel('Add a PDF').setInputFiles({ name: 'agreement.pdf', mimeType: 'application/pdf', buffer: await agreementPdf() });
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByText('agreement.pdf').waitFor();

    for (const [name, email] of [['Ada Lovelace', 'ada@pact.example.test'], ['Grace Hopper', 'grace@pact.example.test']] as const) {
      await page.getByLabel('Name', { exact: true }).fill(name);
      await page.getByLabel('Email', { exact: true }).fill(email);
      await page.getByRole('button', { name: 'Add signer' }).click();
      await page.locator(`[data-signer="${email}"]`).waitFor();
    }

    // The PDF is rendered by the bundled pdf.js; fields go where the sender clicks.
    await page.locator('.pact-page canvas').nth(1).waitFor();
    await page.locator('[data-role="signer"]').selectOption({ label: 'Ada Lovelace' });
    await page.locator('[data-role="kind"]').selectOption('signature');
    await clickPage(page, 0, 0.1, 0.7);
    await page.locator('[data-role="signer"]').selectOption({ label: 'Grace Hopper' });
    await clickPage(page, 1, 0.1, 0.7);
    await page.locator('[data-role="kind"]').selectOption('text');
    await clickPage(page, 1, 0.5, 0.8);
    expect(await page.locator('.pact-field').count()).toBe(3);
    await page.getByRole('button', { name: 'Save fields' }).click();
    await page.getByText('Saved 3 fields.').waitFor();
    await screenshotForReview(page, 'pact-prepared');

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Send for signing' }).click();
    await page.getByText('Out for signing').first().waitFor();

    await signAs('ada@pact.example.test', base, async (signer) => {
      await signer.getByLabel('Type your full name').fill('Ada Lovelace');
    });
    await signAs('grace@pact.example.test', base, async (signer) => {
      await signer.locator('.pact-field-mine input[type="text"]').fill('Navy Ltd');
      await signer.getByLabel('Type your full name').fill('Grace Hopper');
      const pad = signer.locator('[data-role="pad"]');
      const box = (await pad.boundingBox())!;
      await signer.mouse.move(box.x + 20, box.y + box.height / 2);
      await signer.mouse.down();
      for (let step = 1; step <= 10; step += 1) await signer.mouse.move(box.x + 20 + step * 25, box.y + box.height / 2 + (step % 2 ? -20 : 20));
      await signer.mouse.up();
    });

    await page.reload();
    await page.getByRole('heading', { name: /^Completed/ }).waitFor();
    const download = await page.request.get(await page.getByTestId('download-completed').getAttribute('href').then((href) => `${base}${href}`));
    const bytes = Buffer.from(await download.body());
    const completed = await PDFDocument.load(bytes);
    expect(completed.getPageCount()).toBe(3);
    expect(verifyPdfSignature(bytes)).toMatchObject({ signed: true, intact: true, coversWholeDocument: true });
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await page.getByText(sha256).waitFor();

    const visitor = await (await outsider!.newContext()).newPage();
    await visitor.goto(`${base}/pact/verify`);
    await visitor.getByLabel('Completed PDF').setInputFiles({ name: 'signed.pdf', mimeType: 'application/pdf', buffer: bytes });
    await visitor.getByRole('button', { name: 'Verify' }).click();
    await visitor.getByText('Valid: this is the document as it was completed.').waitFor();

    const edited = Buffer.from(bytes);
    edited[Math.floor(edited.length / 3)] = edited[Math.floor(edited.length / 3)]! ^ 0x01;
    await visitor.getByLabel('Completed PDF').setInputFiles({ name: 'edited.pdf', mimeType: 'application/pdf', buffer: edited });
    await visitor.getByRole('button', { name: 'Verify' }).click();
    await visitor.getByText('Not valid.').waitFor();
    await screenshotForReview(visitor, 'pact-verify-refused');
  });
});
