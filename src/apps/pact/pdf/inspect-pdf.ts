import { createHash } from 'node:crypto';
import { EncryptedPDFError, PDFDocument } from 'pdf-lib';
import { AppError } from '../../../platform/errors/index.js';
import { shownPage } from './page-geometry.js';

export interface PdfFacts {
  readonly pageCount: number;
  /** Each page as a reader shows it (its crop box, turned by /Rotate), in PDF points. */
  readonly pages: ReadonlyArray<{ readonly width: number; readonly height: number }>;
  readonly sha256: string;
}

const HEADER = Buffer.from('%PDF-');
const MAX_REFERENCES = 200_000;
const TRAILER = Buffer.from('%%EOF');

/**
 * Whether the bytes are a real, whole, unencrypted PDF within the limits; what its pages are.
 * Judged before anything is stored: the magic header, the end-of-file marker (a truncated
 * upload has none), encryption (the trailer's /Encrypt, which pdf-lib reports), and a full parse
 * in which every object must be valid.
 */
export async function inspectPdf(bytes: Buffer, limits: { readonly maxBytes: number; readonly maxPages: number }): Promise<PdfFacts> {
  if (bytes.length > limits.maxBytes) throw new AppError('pact.document_too_large', undefined, { maxBytes: limits.maxBytes });
  if (bytes.length < 32 || !bytes.subarray(0, 1024).includes(HEADER)) throw new AppError('pact.document_not_pdf');
  if (!bytes.subarray(Math.max(0, bytes.length - 1024)).includes(TRAILER)) throw new AppError('pact.document_corrupt');
  // A page tree of millions of references takes pdf-lib seconds to walk, blocking the process:
  // refused by a count over the raw bytes first (real documents have thousands, not millions).
  if (countReferences(bytes) > MAX_REFERENCES) throw new AppError('pact.document_too_many_pages', undefined, { maxPages: limits.maxPages });
  // An encrypted file names its encryption dictionary in the trailer; its objects would not parse.
  if (/\/Encrypt\s*(\d+\s+\d+\s+R|<<)/.test(bytes.toString('latin1'))) throw new AppError('pact.document_encrypted');
  const document = await loadForInspection(bytes);
  const pages = pageBoxes(document);
  if (pages.length === 0) throw new AppError('pact.document_corrupt');
  if (pages.length > limits.maxPages) throw new AppError('pact.document_too_many_pages', undefined, { maxPages: limits.maxPages });
  return { pageCount: pages.length, pages, sha256: createHash('sha256').update(bytes).digest('hex') };
}

async function loadForInspection(bytes: Buffer): Promise<PDFDocument> {
  let document: PDFDocument;
  try {
    document = await PDFDocument.load(bytes, { throwOnInvalidObject: true, updateMetadata: false });
  } catch (error) {
    if (error instanceof EncryptedPDFError) throw new AppError('pact.document_encrypted');
    throw new AppError('pact.document_corrupt');
  }
  if (document.isEncrypted) throw new AppError('pact.document_encrypted');
  return document;
}

/** The pages as shown; a document whose page tree cannot be walked is corrupt. */
function pageBoxes(document: PDFDocument): Array<{ width: number; height: number }> {
  try {
    return document.getPages().map((page) => {
      const { width, height } = shownPage(page);
      if (!(width > 0 && height > 0)) throw new Error('empty page box');
      return { width, height };
    });
  } catch {
    throw new AppError('pact.document_corrupt');
  }
}

/** Indirect references (`12 0 R`) in the uncompressed parts of the file, counted without parsing it. */
function countReferences(bytes: Buffer): number {
  let count = 0;
  for (const _ of bytes.toString('latin1').matchAll(/\d+\s+\d+\s+R(?![A-Za-z])/g)) {
    count += 1;
    if (count > MAX_REFERENCES) break;
  }
  return count;
}
