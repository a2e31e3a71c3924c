import { Transform, type Readable } from 'node:stream';
import { CsvError, parse, type Parser } from 'csv-parse';
import { AppError } from '../../../platform/errors/index.js';

/** Above this the upload is refused while it streams: nothing larger is ever read whole. */
export const IMPORT_MAX_BYTES = 20 * 1024 * 1024;

/**
 * A streaming CSV reader over an upload: counts bytes (refusing more than the limit as they
 * arrive), refuses bytes that are not UTF-8 instead of turning them into replacement characters,
 * and yields one array of cells per row. Memory stays flat however long the file is.
 */
export function csvRows(source: Readable, maxBytes = IMPORT_MAX_BYTES): Parser {
  let seen = 0;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const guard = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > maxBytes) return done(new AppError('record.import_too_large', `The file is larger than ${maxBytes / 1024 / 1024} MB.`));
      try {
        decoder.decode(chunk, { stream: true });
      } catch {
        return done(new AppError('record.import_unreadable', 'The file is not UTF-8 text. Save it as “CSV UTF-8” and try again.'));
      }
      done(null, chunk);
    },
    flush(done) {
      try {
        decoder.decode();
        done();
      } catch {
        done(new AppError('record.import_unreadable', 'The file ends in the middle of a UTF-8 character.'));
      }
    },
  });
  const parser = parse({ bom: true, trim: true, skip_empty_lines: true, relax_column_count: true, max_record_size: 65_536 });
  source.on('error', (error) => guard.destroy(error));
  guard.on('error', (error) => parser.destroy(error));
  return source.pipe(guard).pipe(parser);
}

/**
 * Every complaint of csv-parse about the file (an unclosed or stray quote, a row too long) as the
 * catalogued 400: judged by its error class, not by its code, whose names do not share a prefix
 * (`INVALID_OPENING_QUOTE` beside `CSV_QUOTE_NOT_CLOSED`).
 */
export function unreadable(error: unknown): unknown {
  if (error instanceof AppError) return error;
  if (error instanceof CsvError) return new AppError('record.import_unreadable', `The file is not valid CSV: ${error.message}`);
  return error;
}
