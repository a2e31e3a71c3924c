import { degrees, PDFDocument, rgb, StandardFonts, type PDFFont, type PDFImage, type PDFPage } from 'pdf-lib';
import { AppError } from '../../../platform/errors/index.js';
import { isOnPage, shownPage, type FractionBox, type ShownPage } from './page-geometry.js';
import { drawable, fittedSize } from './pdf-text.js';

export type PactFieldKind = 'signature' | 'initials' | 'date' | 'text' | 'checkbox';

/** A field as signed: its box, and the text or the drawn signature (PNG) that fills it. */
export interface FilledField extends FractionBox {
  readonly kind: PactFieldKind;
  readonly value: string | null;
  readonly image?: Buffer;
}

const INK = rgb(0.05, 0.1, 0.35);

/** A field's box on the page as shown, in points from the top-left. */
interface ShownBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * Draws every filled field into its page's content, so the values are part of the document
 * itself (no form a reader could still edit). Boxes are fractions of the page as shown (crop
 * box, /Rotate applied), as the editor placed them. A field outside its page is refused.
 */
export async function flattenFields(bytes: Buffer, fields: readonly FilledField[]): Promise<Buffer> {
  const document = await PDFDocument.load(bytes, { updateMetadata: false });
  const pages = document.getPages();
  const fonts = { plain: await document.embedFont(StandardFonts.Helvetica), script: await document.embedFont(StandardFonts.TimesRomanItalic) };
  for (const field of fields) {
    const page = pages[field.page];
    if (!page || !isOnPage(field)) throw new AppError('pact.field_off_page');
    const shown = shownPage(page);
    const box = { x: field.x * shown.width, y: field.y * shown.height, width: field.width * shown.width, height: field.height * shown.height };
    if (field.image) drawImage(page, shown, box, await embeddedPng(document, field.image));
    else if (field.kind === 'checkbox') drawTick(page, shown, box, field.value === 'true');
    else if (field.value) drawFittedText(page, shown, box, field.value, field.kind === 'signature' || field.kind === 'initials' ? fonts.script : fonts.plain, field.kind === 'signature' ? 28 : 14);
  }
  return Buffer.from(await document.save({ updateFieldAppearances: false }));
}

/** Whether the bytes are a PNG pdf-lib can embed: the sign step checks this before storing one. */
export async function isEmbeddablePng(png: Buffer): Promise<boolean> {
  try {
    await (await PDFDocument.create()).embedPng(png);
    return true;
  } catch {
    return false;
  }
}

async function embeddedPng(document: PDFDocument, png: Buffer): Promise<PDFImage> {
  try {
    return await document.embedPng(png);
  } catch {
    // A PNG header on a body that does not decode: the signer's input, not our failure.
    throw new AppError('pact.signature_invalid');
  }
}

function drawImage(page: PDFPage, shown: ShownPage, box: ShownBox, image: PDFImage): void {
  const scale = Math.min(box.width / image.width, box.height / image.height);
  const [width, height] = [image.width * scale, image.height * scale];
  // pdf-lib places an image by its bottom-left corner, in the image's own (turned) frame.
  const corner = shown.toPdf({ x: box.x + (box.width - width) / 2, y: box.y + (box.height + height) / 2 });
  page.drawImage(image, { ...corner, width, height, rotate: degrees(shown.rotation) });
}

function drawTick(page: PDFPage, shown: ShownPage, box: ShownBox, checked: boolean): void {
  if (!checked) return;
  const side = Math.min(box.width, box.height);
  const [left, top] = [box.x + (box.width - side) / 2, box.y + (box.height - side) / 2];
  const [start, bottom, end] = [
    shown.toPdf({ x: left, y: top + side * 0.5 }),
    shown.toPdf({ x: left + side * 0.4, y: top + side }),
    shown.toPdf({ x: left + side, y: top }),
  ];
  const thickness = Math.max(1, side / 10);
  page.drawLine({ start, end: bottom, thickness, color: INK });
  page.drawLine({ start: bottom, end, thickness, color: INK });
}

function drawFittedText(page: PDFPage, shown: ShownPage, box: ShownBox, value: string, font: PDFFont, maxSize: number): void {
  const text = drawable(font, value);
  const size = fittedSize(font, text, box.width, box.height, maxSize);
  const baseline = shown.toPdf({ x: box.x + 2, y: box.y + box.height - (box.height - size * 0.7) / 2 });
  page.drawText(text, { ...baseline, size, font, color: INK, rotate: degrees(shown.rotation) });
}
