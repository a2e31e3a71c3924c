import type { Page } from '../paging/index.js';

export interface PagerProps {
  /** The page's path; the cursor goes in `param` of its query string. */
  readonly path: string;
  readonly page: Pick<Page<unknown>, 'nextCursor' | 'prevCursor'>;
  readonly param?: string;
  /** Other query parameters the links keep (a search, a sort, a filter). */
  readonly query?: Readonly<Record<string, string | undefined>>;
  readonly label: string;
}

/** Previous / next links of a keyset-paged list; nothing when the list fits on one page. */
export function Pager({ path, page, param = 'cursor', query = {}, label }: PagerProps) {
  if (!page.nextCursor && !page.prevCursor) return null;
  const kept = Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '');
  const href = (cursor: string) => `${path}?${new URLSearchParams([...kept, [param, cursor]]).toString()}`;
  return (
    <nav class="pager" aria-label={label}>
      {page.prevCursor ? (
        <a href={href(page.prevCursor)} rel="prev">
          ← Previous
        </a>
      ) : null}
      {page.nextCursor ? (
        <a href={href(page.nextCursor)} rel="next">
          Next →
        </a>
      ) : null}
    </nav>
  );
}
