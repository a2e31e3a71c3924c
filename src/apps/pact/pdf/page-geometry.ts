import type { PDFPage } from 'pdf-lib';

/** A box in page fractions, origin top-left of the page as a reader shows it: what the editor stores. */
export interface FractionBox {
  readonly page: number;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export type QuarterTurn = 0 | 90 | 180 | 270;

/** A point on the page as shown, in points from its top-left corner (y grows downwards). */
export interface ShownPoint {
  readonly x: number;
  readonly y: number;
}

/**
 * A page as a reader shows it: its crop box turned by /Rotate (clockwise). The editor (pdf.js)
 * places fields on that view, so flattening maps from it back to the page's own coordinates.
 */
export interface ShownPage {
  readonly width: number;
  readonly height: number;
  /** Turn to give drawn text and images (counter-clockwise in PDF space) so they read upright. */
  readonly rotation: QuarterTurn;
  toPdf(point: ShownPoint): { x: number; y: number };
}

/** /Rotate as one of the four quarter turns; anything else (not allowed by the spec) counts as none. */
export function quarterTurnOf(page: PDFPage): QuarterTurn {
  const angle = (((page.getRotation().angle % 360) + 360) % 360) as number;
  return angle === 90 || angle === 180 || angle === 270 ? angle : 0;
}

export function shownPage(page: PDFPage): ShownPage {
  const crop = page.getCropBox();
  const rotation = quarterTurnOf(page);
  const { width: w, height: h } = crop;
  const sideways = rotation === 90 || rotation === 270;
  // Each turn sends the shown top-left corner to a different corner of the crop box.
  const local: Record<QuarterTurn, (p: ShownPoint) => { x: number; y: number }> = {
    0: (p) => ({ x: p.x, y: h - p.y }),
    90: (p) => ({ x: p.y, y: p.x }),
    180: (p) => ({ x: w - p.x, y: p.y }),
    270: (p) => ({ x: w - p.y, y: h - p.x }),
  };
  return {
    width: sideways ? h : w,
    height: sideways ? w : h,
    rotation,
    toPdf: (point) => {
      const mapped = local[rotation](point);
      return { x: crop.x + mapped.x, y: crop.y + mapped.y };
    },
  };
}

/** Whether a box lies on its page: finite, of positive size, inside 0..1 (with rounding slack). */
export function isOnPage(box: FractionBox): boolean {
  const values = [box.x, box.y, box.width, box.height];
  if (!values.every(Number.isFinite) || !Number.isInteger(box.page) || box.page < 0) return false;
  const slack = 1e-4;
  return box.x >= 0 && box.y >= 0 && box.width > 0 && box.height > 0 && box.x + box.width <= 1 + slack && box.y + box.height <= 1 + slack;
}
