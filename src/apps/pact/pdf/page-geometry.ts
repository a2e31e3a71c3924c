import type { PDFPage } from 'pdf-lib';

/** A box in page fractions, origin top-left: what the editor stores. */
export interface FractionBox {
  readonly page: number;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The box in the page's PDF points (origin bottom-left of its crop box). */
export function pointsOf(page: PDFPage, box: FractionBox): { x: number; y: number; width: number; height: number } {
  const crop = page.getCropBox();
  const width = box.width * crop.width;
  const height = box.height * crop.height;
  return { x: crop.x + box.x * crop.width, y: crop.y + crop.height * (1 - box.y) - height, width, height };
}
