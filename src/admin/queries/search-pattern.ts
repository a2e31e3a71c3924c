/** A case-insensitive substring pattern for `LIKE … ESCAPE '\'`: the searcher's `%` and `_` match themselves. */
export function containsPattern(q: string | undefined): string | null {
  const text = q?.trim().toLowerCase();
  if (!text) return null;
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The search text when it is an id, so an admin can paste one from a log or an audit entry. */
export function idOf(q: string | undefined): string | null {
  const text = q?.trim();
  return text && UUID.test(text) ? text.toLowerCase() : null;
}
