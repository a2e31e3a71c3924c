import { z } from 'zod';

/** Page sizes when a list does not choose its own: a client asks for at most `max`. */
export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 200;

export interface PageSizes {
  readonly defaultLimit?: number;
  readonly maxLimit?: number;
}

/** A request for one page: how many items, and where to start (an opaque cursor from a previous page). */
export interface PageRequest {
  readonly limit: number;
  readonly cursor?: string | undefined;
}

/** One page of a list; follow `nextCursor` (or `prevCursor`) until it is null. */
export interface Page<Item> {
  readonly items: Item[];
  readonly nextCursor: string | null;
  readonly prevCursor: string | null;
}

/**
 * The query string of every list endpoint: `?limit=&cursor=`. A limit past the maximum is
 * refused (400) rather than clamped, so a client learns the bound instead of silently
 * receiving fewer items than it asked for.
 */
export function pageQuerySchema(sizes: PageSizes = {}) {
  const max = sizes.maxLimit ?? MAX_PAGE_LIMIT;
  return z.strictObject({
    limit: z.coerce.number().int().min(1).max(max).default(sizes.defaultLimit ?? DEFAULT_PAGE_LIMIT),
    // Room for a sort key of 200 characters of three UTF-8 bytes each (a record's name), base64url.
    cursor: z.string().min(1).max(1024).regex(/^[A-Za-z0-9_-]+$/).optional(),
  });
}

/**
 * The response of every list endpoint: `{ items, nextCursor, prevCursor }`. `items` declares
 * its `maxItems`, which `check:list-paging` looks for in the OpenAPI document.
 */
export function pageSchema<Item extends z.ZodType>(item: Item, sizes: PageSizes = {}) {
  return z.object({
    items: z.array(item).max(sizes.maxLimit ?? MAX_PAGE_LIMIT),
    nextCursor: z.string().nullable().describe('Opaque; pass as `cursor` for the next page. Null on the last page.'),
    prevCursor: z.string().nullable().describe('Opaque; pass as `cursor` for the previous page. Null on the first page.'),
  });
}
