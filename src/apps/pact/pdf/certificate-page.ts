import { PDFDocument, PDFHexString, PDFName, rgb, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';
import { z } from 'zod';
import { drawable, wrapped } from './pdf-text.js';

/** What the completion certificate states: enough for anyone to check the chain without us. */
export interface CompletionCertificate {
  readonly envelopeId: string;
  readonly tenantId: string;
  readonly title: string;
  readonly completedAt: string;
  readonly documents: ReadonlyArray<{ readonly name: string; readonly originalSha256: string }>;
  readonly signers: ReadonlyArray<{ readonly name: string; readonly email: string; readonly signedAt: string; readonly address: string | null; readonly userAgent: string | null }>;
  readonly chain: ReadonlyArray<{ readonly seq: number; readonly type: string; readonly hash: string; readonly at: string }>;
  /** The seq the envelope's 'completed' entry takes: its payload holds this PDF's SHA-256. */
  readonly completionSeq: number;
  readonly checkpoint: { readonly seq: number; readonly head: string; readonly signedAt: string; readonly keyId: string; readonly signature: string } | null;
  /** Where anyone can check this document. */
  readonly verifyUrl: string;
}

/** The catalog key holding the certificate as JSON, for the verifier (a reader ignores it). */
const METADATA_KEY = PDFName.of('BsnsPactCompletion');
const metadataSchema = z.object({ tenantId: z.uuid(), envelopeId: z.uuid(), completionSeq: z.number().int().min(1) });
export type CompletionMetadata = z.infer<typeof metadataSchema>;

const A4 = { width: 595.28, height: 841.89 } as const;
const MARGIN = 50;

/** Appends the certificate page(s), wrapped and paginated, and embeds the certificate as JSON. */
export async function appendCertificatePage(bytes: Buffer, certificate: CompletionCertificate): Promise<Buffer> {
  const document = await PDFDocument.load(bytes, { updateMetadata: false });
  const fonts = { plain: await document.embedFont(StandardFonts.Helvetica), bold: await document.embedFont(StandardFonts.HelveticaBold), mono: await document.embedFont(StandardFonts.Courier) };
  const writer = new PageWriter(document, fonts.plain);
  writer.line('Certificate of completion', { font: fonts.bold, size: 18 });
  writer.line(certificate.title, { font: fonts.bold, size: 13 });
  writer.line(`Envelope ${certificate.envelopeId} · completed ${certificate.completedAt}`);
  writer.line(`Verify this PDF at ${certificate.verifyUrl}`);
  writer.gap();
  writer.line('Documents', { font: fonts.bold, size: 12 });
  for (const item of certificate.documents) {
    writer.line(item.name);
    writer.line(`original SHA-256 ${item.originalSha256}`, { font: fonts.mono, size: 8 });
  }
  writer.gap();
  writer.line('Signers', { font: fonts.bold, size: 12 });
  for (const signer of certificate.signers) {
    writer.line(`${signer.name} <${signer.email}> signed ${signer.signedAt}`);
    writer.line(`from ${signer.address ?? 'unknown address'} · ${signer.userAgent ?? 'unknown browser'}`, { size: 8 });
  }
  writer.gap();
  writer.line(`Chain entries (tenant ${certificate.tenantId})`, { font: fonts.bold, size: 12 });
  for (const entry of certificate.chain) writer.line(`#${entry.seq} ${entry.type.padEnd(9)} ${entry.at} ${entry.hash}`, { font: fonts.mono, size: 7 });
  writer.line(`#${certificate.completionSeq} completed: its payload digest covers this PDF's SHA-256 (the file as delivered).`, { font: fonts.mono, size: 7 });
  writer.gap();
  writer.line('Latest signed checkpoint', { font: fonts.bold, size: 12 });
  if (certificate.checkpoint) {
    const { checkpoint } = certificate;
    writer.line(`seq ${checkpoint.seq} · head ${checkpoint.head} · signed ${checkpoint.signedAt} · key ${checkpoint.keyId}`, { font: fonts.mono, size: 7 });
    writer.line(`Ed25519 signature ${checkpoint.signature}`, { font: fonts.mono, size: 7 });
  } else {
    writer.line('None yet: the first checkpoint of this tenant is published within the hour.');
  }
  const metadata: CompletionMetadata = { tenantId: certificate.tenantId, envelopeId: certificate.envelopeId, completionSeq: certificate.completionSeq };
  document.catalog.set(METADATA_KEY, PDFHexString.fromText(JSON.stringify({ ...certificate, ...metadata })));
  return Buffer.from(await document.save({ useObjectStreams: false }));
}

/**
 * The tenant, envelope and completion seq a completed PDF names, or null when it names none.
 * Read from the raw bytes, without parsing the document: this runs for anyone's upload on the
 * public verifier, and a crafted PDF can take pdf-lib many seconds to parse. The catalog is
 * written uncompressed (no object streams); the last occurrence is the newest revision's. A
 * forged value gains nothing: the verifier still needs the file's hash in that chain entry.
 */
export function readCompletionMetadata(bytes: Buffer): CompletionMetadata | null {
  const text = bytes.toString('latin1');
  const at = text.lastIndexOf('/BsnsPactCompletion');
  if (at === -1) return null;
  const match = /^\/BsnsPactCompletion\s*<([0-9A-Fa-f\s]{2,2000000})>/.exec(text.slice(at, at + 2_000_100));
  if (!match) return null;
  try {
    const parsed = metadataSchema.safeParse(JSON.parse(PDFHexString.of(match[1]!.replace(/\s+/g, '')).decodeText()));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Writes lines top to bottom, starting a new page when one is full. */
class PageWriter {
  #page: PDFPage;
  #y: number;
  constructor(
    private readonly document: PDFDocument,
    private readonly font: PDFFont,
  ) {
    this.#page = this.#newPage();
    this.#y = A4.height - MARGIN;
  }

  line(text: string, options: { font?: PDFFont; size?: number } = {}): void {
    const font = options.font ?? this.font;
    const size = options.size ?? 10;
    for (const part of wrapped(font, drawable(font, text), size, A4.width - 2 * MARGIN)) {
      if (this.#y - size < MARGIN) {
        this.#page = this.#newPage();
        this.#y = A4.height - MARGIN;
      }
      this.#y -= size * 1.35;
      this.#page.drawText(part, { x: MARGIN, y: this.#y, size, font, color: rgb(0.1, 0.1, 0.1) });
    }
  }

  gap(): void {
    this.#y -= 10;
  }

  #newPage(): PDFPage {
    return this.document.addPage([A4.width, A4.height]);
  }
}
