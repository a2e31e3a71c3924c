/**
 * The PDF kit: uploads are judged before they are stored, fields land where they were placed,
 * and a completed PDF's PAdES signature holds for our verifier and for poppler's pdfsig, and
 * fails for a one-byte edit or an appended update.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestPlatform } from '../../../../test/support/test-platform.js';
import type { Platform } from '../../../platform/open-platform.js';
import { appendCertificatePage, flattenFields, inspectPdf, loadPactSigningIdentity, readCompletionMetadata, signPdf, verifyPdfSignature, type PdfSigningIdentity } from './index.js';

const run = promisify(execFile);
const LIMITS = { maxBytes: 2_000_000, maxPages: 50 };
let platform: Platform;
let identity: PdfSigningIdentity;
let scratch: string;

export async function samplePdf(pages = 2): Promise<Buffer> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  for (let index = 0; index < pages; index += 1) document.addPage([612, 792]).drawText(`Agreement page ${index + 1}`, { x: 72, y: 700, size: 18, font });
  return Buffer.from(await document.save());
}

beforeAll(async () => {
  platform = await openTestPlatform();
  scratch = await mkdtemp(path.join(tmpdir(), 'bsns-pact-pdf-'));
  identity = await loadPactSigningIdentity({ db: platform.identityDb, keyring: platform.keyring, configured: null, installationName: 'test' });
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
  await platform.close();
});

async function pdfsig(bytes: Buffer): Promise<string> {
  const file = path.join(scratch, `${randomUUID()}.pdf`);
  await writeFile(file, bytes);
  const { stdout } = await run('pdfsig', [file]).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
  return stdout;
}

async function pdftotext(bytes: Buffer): Promise<string> {
  const file = path.join(scratch, `${randomUUID()}.pdf`);
  await writeFile(file, bytes);
  return (await run('pdftotext', [file, '-'])).stdout;
}

describe('inspecting an upload', () => {
  it('reads a real PDF: pages, sizes and SHA-256', async () => {
    const facts = await inspectPdf(await samplePdf(3), LIMITS);
    expect(facts.pageCount).toBe(3);
    expect(facts.pages[0]).toEqual({ width: 612, height: 792 });
    expect(facts.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a file that is not a PDF, a truncated one, an oversized one and one with too many pages', async () => {
    await expect(inspectPdf(Buffer.from('PK\u0003\u0004 this is a zip file, honest '.repeat(4)), LIMITS)).rejects.toMatchObject({ code: 'pact.document_not_pdf' });
    const whole = await samplePdf();
    await expect(inspectPdf(whole.subarray(0, Math.floor(whole.length / 2)), LIMITS)).rejects.toMatchObject({ code: 'pact.document_corrupt' });
    const garbled = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(500, 0x41), Buffer.from('\n%%EOF\n')]);
    await expect(inspectPdf(garbled, LIMITS)).rejects.toMatchObject({ code: 'pact.document_corrupt' });
    await expect(inspectPdf(whole, { ...LIMITS, maxBytes: 100 })).rejects.toMatchObject({ code: 'pact.document_too_large', status: 413 });
    await expect(inspectPdf(await samplePdf(3), { ...LIMITS, maxPages: 2 })).rejects.toMatchObject({ code: 'pact.document_too_many_pages' });
  });

  it('refuses an encrypted PDF (made by qpdf)', async () => {
    const plain = path.join(scratch, 'plain.pdf');
    const locked = path.join(scratch, 'locked.pdf');
    await writeFile(plain, await samplePdf());
    await run('qpdf', ['--encrypt', 'user-pass', 'owner-pass', '256', '--', plain, locked]);
    await expect(inspectPdf(await readFile(locked), LIMITS)).rejects.toMatchObject({ code: 'pact.document_encrypted' });
  });
});

describe('flattening and the certificate', () => {
  it('draws the fields into the pages and adds a certificate that names the chain', async () => {
    const flat = await flattenFields(await samplePdf(), [
      { page: 0, x: 0.1, y: 0.7, width: 0.4, height: 0.08, kind: 'signature', value: 'Ada Lovelace' },
      { page: 1, x: 0.1, y: 0.1, width: 0.3, height: 0.04, kind: 'text', value: 'Acme Ltd — Zürich ✓' },
      { page: 1, x: 0.6, y: 0.1, width: 0.05, height: 0.04, kind: 'checkbox', value: 'true' },
    ]);
    const tenantId = randomUUID();
    const envelopeId = randomUUID();
    const completed = await appendCertificatePage(flat, {
      envelopeId,
      tenantId,
      title: 'Services agreement',
      completedAt: '2026-12-07T10:00:00.000Z',
      documents: [{ name: 'agreement.pdf', originalSha256: 'a'.repeat(64) }],
      signers: [{ name: 'Ada Lovelace', email: 'ada@example.test', signedAt: '2026-12-07T09:59:00.000Z', address: '203.0.113.7', userAgent: 'Chromium' }],
      chain: Array.from({ length: 80 }, (_, index) => ({ seq: index + 1, type: 'signed', hash: 'b'.repeat(64), at: '2026-12-07T09:00:00.000Z' })),
      completionSeq: 81,
      checkpoint: null,
      verifyUrl: 'https://pact.example.test/verify',
    });
    const text = await pdftotext(completed);
    expect(text).toContain('Ada Lovelace');
    expect(text).toContain('Acme Ltd');
    expect(text).toContain('Certificate of completion');
    expect(text).toContain('#81 completed');
    expect((await PDFDocument.load(completed)).getPageCount()).toBeGreaterThan(3);
    expect(await readCompletionMetadata(completed)).toEqual({ tenantId, envelopeId, completionSeq: 81 });
    expect(await readCompletionMetadata(await samplePdf())).toBeNull();
  });

  it('refuses a field outside its page', async () => {
    await expect(flattenFields(await samplePdf(), [{ page: 0, x: 0.9, y: 0.1, width: 0.2, height: 0.1, kind: 'text', value: 'x' }])).rejects.toMatchObject({ code: 'pact.field_off_page' });
    await expect(flattenFields(await samplePdf(), [{ page: 7, x: 0.1, y: 0.1, width: 0.2, height: 0.1, kind: 'text', value: 'x' }])).rejects.toMatchObject({ code: 'pact.field_off_page' });
  });
});

describe('the PAdES signature', () => {
  it('holds for our verifier and for pdfsig, and breaks with a one-byte edit or an appended update', async () => {
    const signed = await signPdf(await samplePdf(), identity, { reason: 'Completed with bsns pact' });
    expect(verifyPdfSignature(signed)).toMatchObject({ signed: true, intact: true, coversWholeDocument: true, signerCommonName: identity.commonName });
    const report = await pdfsig(signed);
    expect(report).toContain('Signature is Valid');
    expect(report).toContain('ETSI.CAdES.detached');

    const edited = Buffer.from(signed);
    const at = edited.indexOf('/Producer');
    edited[at + 3] = edited[at + 3]! ^ 0x01;
    expect(verifyPdfSignature(edited)).toMatchObject({ intact: false });
    expect(await pdfsig(edited)).not.toContain('Signature is Valid');

    const appended = Buffer.concat([signed, Buffer.from('\n1 0 obj\n<< >>\nendobj\n%%EOF\n')]);
    expect(verifyPdfSignature(appended)).toMatchObject({ intact: true, coversWholeDocument: false });
  });

  it('says "not signed" for an unsigned PDF and for garbage, without throwing', async () => {
    expect(verifyPdfSignature(await samplePdf())).toMatchObject({ signed: false });
    expect(verifyPdfSignature(Buffer.from('/ByteRange [0 10 20 5] <zz>'))).toMatchObject({ signed: false });
    expect(verifyPdfSignature(Buffer.alloc(0))).toMatchObject({ signed: false });
  });

  it('generates the installation identity once, under concurrency', async () => {
    const source = { db: platform.identityDb, keyring: platform.keyring, configured: null, installationName: 'test' };
    const again = await Promise.all([loadPactSigningIdentity(source), loadPactSigningIdentity(source)]);
    expect(again.map((item) => item.p12.equals(identity.p12))).toEqual([true, true]);
  });
});
