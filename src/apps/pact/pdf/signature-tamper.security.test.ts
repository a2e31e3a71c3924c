/**
 * Attack story: someone holding a completed PDF changes it and still wants "signed, unchanged".
 * They flip a byte of the document, tack an update onto its end, or edit the signature blob in
 * the parts no digest covers (letter case of the hex, the zero padding, an algorithm's NULL, the
 * certificate's name). Every single-bit edit anywhere must fail our verifier.
 */
import { randomUUID } from 'node:crypto';
import forge from 'node-forge';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { appendCertificatePage, readCompletionMetadata, signPdf, verifyPdfSignature, type PdfSigningIdentity } from './index.js';

let identity: PdfSigningIdentity;
let signed: Buffer;
const ids = { tenantId: randomUUID(), envelopeId: randomUUID() };

function selfSignedIdentity(): PdfSigningIdentity {
  const keys = forge.pki.rsa.generateKeyPair(2048);
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = keys.publicKey;
  certificate.serialNumber = '01a2b3';
  certificate.validity.notBefore = new Date(Date.now() - 60_000);
  certificate.validity.notAfter = new Date(Date.now() + 365 * 24 * 3600 * 1000);
  const subject = [{ name: 'commonName', value: 'bsns pact signing (tamper.test)' }];
  certificate.setSubject(subject);
  certificate.setIssuer(subject);
  certificate.sign(keys.privateKey, forge.md.sha256.create());
  const p12 = forge.pkcs12.toPkcs12Asn1(keys.privateKey, [certificate], 'pw', { algorithm: '3des' });
  return { p12: Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary'), passphrase: 'pw', commonName: 'bsns pact signing (tamper.test)' };
}

beforeAll(async () => {
  identity = selfSignedIdentity();
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  document.addPage([300, 300]).drawText('Pay 100 EUR', { x: 30, y: 200, size: 14, font });
  const certified = await appendCertificatePage(Buffer.from(await document.save()), {
    ...ids,
    title: 'Tamper test',
    completedAt: '2026-12-07T10:00:00.000Z',
    documents: [{ name: 'a.pdf', originalSha256: 'c'.repeat(64) }],
    signers: [{ name: 'Ada', email: 'ada@example.test', signedAt: '2026-12-07T09:59:00.000Z', address: null, userAgent: null }],
    chain: [{ seq: 1, type: 'created', hash: 'd'.repeat(64), at: '2026-12-07T09:00:00.000Z' }],
    completionSeq: 2,
    checkpoint: null,
    verifyUrl: 'https://pact.example.test/verify',
  });
  signed = await signPdf(certified, identity, { reason: 'Completed with bsns pact', location: 'example.test' });
});

/** Where the /Contents hole is: [start, end) of the hex between the angle brackets. */
function contentsHole(bytes: Buffer): { start: number; end: number; derEnd: number } {
  const text = bytes.toString('latin1');
  const range = /\/ByteRange\s*\[\s*0\s+(\d+)\s+(\d+)/.exec(text.slice(text.lastIndexOf('/ByteRange')))!;
  const [start, end] = [Number(range[1]) + 1, Number(range[2]) - 1];
  const derEnd = start + text.slice(start, end).search(/(00)+$/);
  return { start, end, derEnd };
}

const passes = (bytes: Buffer) => {
  const report = verifyPdfSignature(bytes);
  return report.intact && report.coversWholeDocument;
};

function flipped(bytes: Buffer, at: number, mask: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[at] = copy[at]! ^ mask;
  return copy;
}

describe('a completed, signed PDF', () => {
  it('verifies, and still names its tenant, envelope and completion seq', async () => {
    expect(verifyPdfSignature(signed)).toMatchObject({ signed: true, intact: true, coversWholeDocument: true, signerCommonName: identity.commonName });
    expect(await readCompletionMetadata(signed)).toEqual({ ...ids, completionSeq: 2 });
  });

  it('fails for a flipped bit in any byte the signature covers', () => {
    const { start, end } = contentsHole(signed);
    const survivors: number[] = [];
    for (let at = 0; at < signed.length; at += 1) if ((at < start - 1 || at > end) && passes(flipped(signed, at, 0x01))) survivors.push(at);
    expect(survivors).toEqual([]);
  });

  it('fails for any edit of the signature blob: each bit of its DER, a letter case, the padding', () => {
    const { start, derEnd, end } = contentsHole(signed);
    const survivors: string[] = [];
    for (let at = start; at < derEnd; at += 1) {
      for (const mask of [0x01, 0x04, 0x20]) if (passes(flipped(signed, at, mask))) survivors.push(`${at}^${mask}`);
    }
    for (const at of [derEnd, derEnd + 1, Math.floor((derEnd + end) / 2), end - 1]) if (passes(flipped(signed, at, 0x01))) survivors.push(`padding ${at}`);
    expect(survivors).toEqual([]);
  });

  it('does not cover bytes appended after it: an incremental update is reported', () => {
    const appended = Buffer.concat([signed, Buffer.from('\n99 0 obj\n<< /Pay (1000000 EUR) >>\nendobj\n%%EOF\n')]);
    expect(verifyPdfSignature(appended)).toMatchObject({ intact: true, coversWholeDocument: false });
    expect(verifyPdfSignature(Buffer.concat([signed, Buffer.from(' ')]))).toMatchObject({ coversWholeDocument: false });
  });

  it('never throws on truncations or garbage, and says "not signed" for them', () => {
    for (const length of [0, 1, 100, Math.floor(signed.length / 2), signed.length - 1]) expect(() => verifyPdfSignature(signed.subarray(0, length))).not.toThrow();
    expect(verifyPdfSignature(Buffer.from('%PDF-1.7 /ByteRange [0 99999999999999999999 1 1] /Contents <00>'))).toMatchObject({ signed: false, intact: false });
    expect(verifyPdfSignature(signed.subarray(0, 100))).toMatchObject({ signed: false });
  });
});
