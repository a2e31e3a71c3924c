import { AppError } from '../errors/index.js';
import type { Page, PageRequest } from './page-schemas.js';

/**
 * Keyset pagination: a page continues from the sort key of the last item seen, never from an
 * offset, so page 100 costs what page 1 costs (an index walk of `limit + 1` rows) and rows
 * inserted meanwhile neither repeat nor vanish. The sort keys must end in a unique column
 * (the tiebreaker), so the order is total and stable.
 *
 * The cursor is opaque to clients but not secret: it holds the sort key of one item the
 * caller was shown, and the query stays scoped to the caller, so a forged cursor can only
 * move within what the caller may already list.
 */
export interface KeysetOrder {
  /** SQL expressions of the sort key, trusted code (never input), ending with a unique column. */
  readonly keys: readonly string[];
  /** Newest first, for instance; every key sorts the same way. */
  readonly descending?: boolean;
}

/** SQL fragments of one page query: `WHERE … AND ${where} ORDER BY ${orderBy} LIMIT ${limit}`. */
export interface KeysetQuery {
  readonly where: string;
  readonly orderBy: string;
  readonly limit: number;
  /** Values of the placeholders in `where`, to append to the query's own parameters. */
  readonly params: readonly string[];
}

interface Cursor {
  /** `a`: the items after the key; `b`: the items before it. */
  readonly d: 'a' | 'b';
  readonly k: readonly string[];
}

/** A keyset-paged list: its order, the page asked for, the query and the mapping of its rows. */
export interface ReadPageOptions<Row, Item> {
  readonly order: KeysetOrder;
  readonly page: PageRequest;
  /** Number of the first placeholder the fragments may use (`2` when the query already has `$1`). */
  readonly firstParam: number;
  readonly fetch: (query: KeysetQuery) => Promise<readonly Row[]>;
  /**
   * A row's sort key as text, in the order of `order.keys`: select timestamps as `::text`, so
   * no microsecond is lost on the way through JavaScript and the next page starts exactly after.
   */
  readonly keyOf: (row: Row) => readonly string[];
  readonly toItem: (row: Row) => Item;
}

/** Reads one page of a list in keyset order (see {@link KeysetOrder}). */
export async function readPage<Row, Item>(options: ReadPageOptions<Row, Item>): Promise<Page<Item>> {
  const { order, page } = options;
  const cursor = page.cursor === undefined ? null : decodeCursor(page.cursor, order.keys.length);
  const backwards = cursor?.d === 'b';
  // Reading backwards walks the same index the other way, then the page is put back in order.
  const ascending = (order.descending ?? false) === backwards;
  const direction = ascending ? 'ASC' : 'DESC';
  const orderBy = order.keys.map((key) => `${key} ${direction}`).join(', ');
  const placeholders = order.keys.map((_, index) => `$${options.firstParam + index}`);
  const query: KeysetQuery = cursor
    ? { where: `(${order.keys.join(', ')}) ${ascending ? '>' : '<'} (${placeholders.join(', ')})`, orderBy, limit: page.limit + 1, params: cursor.k }
    : { where: 'TRUE', orderBy, limit: page.limit + 1, params: [] };

  let rows: readonly Row[];
  try {
    rows = await options.fetch(query);
  } catch (error) {
    // A forged cursor whose key is not a valid uuid or timestamp is the client's mistake, not a 500.
    if (cursor && INVALID_TEXT_REPRESENTATION.has((error as { code?: string }).code ?? '')) throw new AppError('page.invalid_cursor');
    throw error;
  }
  const more = rows.length > page.limit;
  const shown = rows.slice(0, page.limit);
  if (backwards) shown.reverse();
  const first = shown[0];
  const last = shown.at(-1);
  const hasNext = backwards ? true : more;
  const hasPrev = backwards ? more : cursor !== null;
  return {
    items: shown.map(options.toItem),
    nextCursor: hasNext && last ? encodeCursor({ d: 'a', k: options.keyOf(last) }) : null,
    prevCursor: hasPrev && first ? encodeCursor({ d: 'b', k: options.keyOf(first) }) : null,
  };
}

// invalid_text_representation, invalid_datetime_format, datetime_field_overflow, string_data_right_truncation
const INVALID_TEXT_REPRESENTATION = new Set(['22P02', '22007', '22008', '22001']);

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(text: string, keyCount: number): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new AppError('page.invalid_cursor');
  }
  const cursor = parsed as Partial<Cursor> | null;
  const valid =
    cursor !== null &&
    typeof cursor === 'object' &&
    (cursor.d === 'a' || cursor.d === 'b') &&
    Array.isArray(cursor.k) &&
    cursor.k.length === keyCount &&
    cursor.k.every((key) => typeof key === 'string' && key.length <= 400 && !key.includes('\u0000'));
  if (!valid) throw new AppError('page.invalid_cursor');
  return cursor as Cursor;
}
