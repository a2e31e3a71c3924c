import type { PDFFont } from 'pdf-lib';

/**
 * Text the standard fonts can draw: characters outside their WinAnsi set become '?' instead of
 * failing the whole document (a name in another script still reads in the certificate's JSON).
 */
export function drawable(font: PDFFont, text: string): string {
  const supported = new Set(font.getCharacterSet());
  return [...text.replace(/[\r\n\t]+/g, ' ')].map((char) => (supported.has(char.codePointAt(0)!) ? char : '?')).join('');
}

/** The largest size up to `max` at which the text fits the box's width and height. */
export function fittedSize(font: PDFFont, text: string, width: number, height: number, max = 14): number {
  let size = Math.min(max, height * 0.75);
  while (size > 4 && font.widthOfTextAtSize(text, size) > width * 0.95) size -= 0.5;
  return Math.max(4, size);
}

/** Splits text into lines no wider than `width` at `size`, breaking at spaces (or inside a long word). */
export function wrapped(font: PDFFont, text: string, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const candidate = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) <= width) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = word;
    while (font.widthOfTextAtSize(line, size) > width && line.length > 1) {
      let cut = line.length - 1;
      while (cut > 1 && font.widthOfTextAtSize(line.slice(0, cut), size) > width) cut -= 1;
      lines.push(line.slice(0, cut));
      line = line.slice(cut);
    }
  }
  if (line) lines.push(line);
  return lines;
}
