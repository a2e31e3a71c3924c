/**
 * Attack story: a signer agrees to what they see. If a field lands elsewhere than where the
 * sender placed it on the rendered page (a rotated scan, a cropped export), the signed PDF shows
 * a signature beside a clause nobody signed next to. And a field with a NaN or negative box, or
 * a drawn "PNG" that only has a PNG header, must be a clear 4xx, never a half-completed envelope.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { crc32, deflateSync } from 'node:zlib';
import { degrees, PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flattenFields, inspectPdf, isEmbeddablePng, type FilledField } from './index.js';

const run = promisify(execFile);
let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'bsns-pact-geometry-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** A solid-colour RGB PNG, encoded by hand (no image library in the suite). */
function png(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.concat(Array.from({ length: height }, () => Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, 0x30)])));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

/** Where pdftotext finds each word, in points on the page as shown (it applies /Rotate). */
async function wordBoxes(bytes: Buffer): Promise<Array<Array<{ word: string; x: number; y: number }>>> {
  const file = path.join(scratch, `${randomUUID()}.pdf`);
  await writeFile(file, bytes);
  const { stdout } = await run('pdftotext', ['-bbox', file, '-']);
  return stdout
    .split('<page ')
    .slice(1)
    .map((page) => [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)<\/word>/g)].map((match) => ({ word: match[3]!, x: Number(match[1]), y: Number(match[2]) })));
}

describe('fields on the page as shown', () => {
  it('land at their fractions on pages turned by /Rotate and on a cropped page, reading upright', async () => {
    const document = await PDFDocument.create();
    for (const turn of [0, 90, 180, 270]) document.addPage([600, 800]).setRotation(degrees(turn));
    document.addPage([600, 800]).setCropBox(100, 200, 300, 400);
    const source = Buffer.from(await document.save());
    const facts = await inspectPdf(source, { maxBytes: 1_000_000, maxPages: 10 });
    expect(facts.pages).toEqual([
      { width: 600, height: 800 },
      { width: 800, height: 600 },
      { width: 600, height: 800 },
      { width: 800, height: 600 },
      { width: 300, height: 400 },
    ]);
    const fields: FilledField[] = facts.pages.map((_, page) => ({ page, x: 0.1, y: 0.2, width: 0.5, height: 0.05, kind: 'text', value: 'Initial here' }));
    const pages = await wordBoxes(await flattenFields(source, fields));
    facts.pages.forEach((shown, index) => {
      const words = pages[index]!;
      // The crop box starts 200pt below the media box's top (800 - 200 - 400), and 100pt in.
      const offset = index === 4 ? { x: 100, y: 200 } : { x: 0, y: 0 };
      expect(words.map((item) => item.word)).toEqual(['Initial', 'here']);
      expect(words[0]!.x - offset.x).toBeCloseTo(0.1 * shown.width + 2, 0);
      const top = 0.2 * shown.height;
      expect(words[0]!.y - offset.y).toBeGreaterThanOrEqual(top);
      expect(words[0]!.y - offset.y).toBeLessThan(top + 0.05 * shown.height);
      expect(words[1]!.x).toBeGreaterThan(words[0]!.x);
    });
  });

  it('refuses boxes that are not on the page: NaN, infinite, empty, negative, past the edge', async () => {
    const source = Buffer.from(await (await PDFDocument.create()).save({ addDefaultPage: true }));
    const base: FilledField = { page: 0, x: 0.1, y: 0.1, width: 0.2, height: 0.1, kind: 'text', value: 'x' };
    for (const bad of [{ x: Number.NaN }, { width: Number.POSITIVE_INFINITY }, { width: 0 }, { height: -0.1 }, { y: -0.01 }, { y: 0.95 }, { page: 0.5 }, { page: -1 }]) {
      await expect(flattenFields(source, [{ ...base, ...bad }])).rejects.toMatchObject({ code: 'pact.field_off_page' });
    }
  });
});

describe('a drawn signature', () => {
  it('is drawn when it is a real PNG, and a header-only "PNG" is a 422, not a crash', async () => {
    const source = Buffer.from(await (await PDFDocument.create()).save({ addDefaultPage: true }));
    const real = png(40, 10);
    expect(await isEmbeddablePng(real)).toBe(true);
    const flat = await flattenFields(source, [{ page: 0, x: 0.1, y: 0.1, width: 0.4, height: 0.1, kind: 'signature', value: 'Ada', image: real }]);
    expect((await PDFDocument.load(flat)).getPageCount()).toBe(1);
    expect(flat.toString('latin1')).toContain('/Subtype /Image');

    const forged = Buffer.concat([real.subarray(0, 33), Buffer.alloc(64, 0x41)]);
    expect(await isEmbeddablePng(forged)).toBe(false);
    await expect(flattenFields(source, [{ page: 0, x: 0.1, y: 0.1, width: 0.4, height: 0.1, kind: 'signature', value: 'Ada', image: forged }])).rejects.toMatchObject({ code: 'pact.signature_invalid', status: 422 });
  });
});
