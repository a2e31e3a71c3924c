import { Readable } from 'node:stream';
import { AppError } from '../../../platform/errors/index.js';
import { csvRows, unreadable } from './csv-source.js';
import { guessField } from './import-fields.js';
import { IMPORT_ANSWER_BOUNDS, type ImportPreview } from './imports.types.js';

/**
 * The header, a suggested mapping and the first rows of a file, from its first bytes (the
 * browser sends a slice, so a half row at the end of the sample is dropped).
 */
export async function previewCsv(sample: string): Promise<ImportPreview> {
  const complete = sample.slice(0, Math.max(sample.lastIndexOf('\n'), 0)) || sample;
  const rows: string[][] = [];
  try {
    for await (const cells of csvRows(Readable.from([Buffer.from(complete)])) as AsyncIterable<string[]>) {
      rows.push(cells);
      if (rows.length > IMPORT_ANSWER_BOUNDS.previewRows) break;
    }
  } catch (error) {
    throw unreadable(error);
  }
  const [headers, ...data] = rows;
  if (!headers) throw new AppError('record.import_unreadable', 'The file is empty.');
  if (headers.length > IMPORT_ANSWER_BOUNDS.columns) throw new AppError('record.import_unreadable', `The file has more than ${IMPORT_ANSWER_BOUNDS.columns} columns.`);
  // Cells past the header have no column to go to: the import ignores them, and so does the preview.
  return { headers, columns: headers.map((header) => guessField(header) ?? ''), rows: data.map((cells) => cells.slice(0, headers.length)) };
}
