import { AppError } from '../../../platform/errors/index.js';

/**
 * An opaque keyset cursor: the sort key and id of the last row of a page, base64url JSON.
 * (A small local helper: the platform's shared keyset paging helper was not on main yet.)
 * A tampered cursor is only ever a bound parameter, so at worst it pages from elsewhere in the
 * caller's own tenant; one that does not decode is a 400.
 */
export interface KeysetPosition {
  readonly key: string;
  readonly id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([position.key, position.id])).toString('base64url');
}

export function decodeCursor(cursor: string): KeysetPosition {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(decoded) && decoded.length === 2 && typeof decoded[0] === 'string' && decoded[0].length <= 400 && !/\p{Cc}/u.test(decoded[0]) && typeof decoded[1] === 'string' && UUID.test(decoded[1])) {
      return { key: decoded[0], id: decoded[1] };
    }
  } catch {
    // falls through to the refusal
  }
  throw new AppError('record.invalid_cursor');
}
