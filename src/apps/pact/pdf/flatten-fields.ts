import { PDFDocument, rgb, StandardFonts } from 'pdf-lib';
import { AppError } from '../../../platform/errors/index.js';
import { pointsOf, type FractionBox } from './page-geometry.js';
import { drawable, fittedSize } from './pdf-text.js';

export type PactFieldKind = 'signature' | 'initials' | 'date' | 'text' | 'checkbox';

/** A field as signed: its box, and the text or the drawn signature (PNG) that fills it. */
export interface FilledField extends FractionBox {
  readonly kind: PactFieldKind;
  readonly value: string | null;
  readonly image?: Buffer;
}

const INK = rgb(0.05, 0.1, 0.35);

/**
 * Draws every filled field into its page's content, so the values are part of the document
 * itself (no form a reader could still edit). A field outside its page is refused.
 */
export async function flattenFields(bytes: Buffer, fields: readonly FilledField[]): Promise<Buffer> {
  const document = await PDFDocument.load(bytes, { updateMetadata: false });
  const pages = document.getPages();
  const [plain, script] = [await document.embedFont(StandardFonts.Helvetica), await document.embedFont(StandardFonts.TimesRomanItalic)];
  for (const field of fields) {
    const page = pages[field.page];
    if (!page || field.x < 0 || field.y < 0 || field.x + field.width > 1.0001 || field.y + field.height > 1.0001) throw new AppError('pact.field_off_page');
    const box = pointsOf(page, field);
    if (field.image) {
      const image = await document.embedPng(field.image);
      const scale = Math.min(box.width / image.width, box.height / image.height);
      page.drawImage(image, { x: box.x, y: box.y, width: image.width * scale, height: image.height * scale });
      continue;
    }
    if (field.kind === 'checkbox') {
      if (field.value === 'true') {
        const side = Math.min(box.width, box.height);
        page.drawLine({ start: { x: box.x, y: box.y + side * 0.5 }, end: { x: box.x + side * 0.4, y: box.y }, thickness: Math.max(1, side / 10), color: INK });
        page.drawLine({ start: { x: box.x + side * 0.4, y: box.y }, end: { x: box.x + side, y: box.y + side }, thickness: Math.max(1, side / 10), color: INK });
      }
      continue;
    }
    if (!field.value) continue;
    const font = field.kind === 'signature' || field.kind === 'initials' ? script : plain;
    const text = drawable(font, field.value);
    const size = fittedSize(font, text, box.width, box.height, field.kind === 'signature' ? 28 : 14);
    page.drawText(text, { x: box.x + 2, y: box.y + (box.height - size * 0.7) / 2, size, font, color: INK });
  }
  return Buffer.from(await document.save({ updateFieldAppearances: false }));
}
