import { AppError } from '../../../platform/errors/index.js';
import { currentTenantTransaction } from '../../../platform/tenancy/index.js';
import { decodeCursor, encodeCursor } from './keyset-cursor.js';
import { SUMMARY_COLUMNS, toSummary, type RecordRow } from './record-row.js';
import type { ListRecordsQuery, RecordKind, RecordPage } from './records.types.js';

/**
 * One page of people or companies: keyset-paginated on (sort key, id) so a page costs the same
 * at any depth, filtered by label and searched by full text over the fields that are not
 * sensitive (prefix match on each word typed). The sort keys are indexed (0002_records.sql).
 */
export async function listRecords(kind: RecordKind, query: ListRecordsQuery): Promise<RecordPage> {
  // Each sort walks its index (0002_records.sql); the cursor keeps the key as text, timestamps
  // to the microsecond so rows created in the same millisecond are neither skipped nor repeated.
  const [order, cursorKey, castKey] =
    query.sort === 'name'
      ? ['lower(name)', 'lower(name)', '$KEY']
      : ['created_at', `to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`, '$KEY::timestamptz'];
  const where = ['kind = $1'];
  const values: unknown[] = [kind];
  const terms = searchTerms(query.q);
  if (terms) {
    values.push(terms);
    where.push(`search @@ to_tsquery('simple', $${values.length})`);
  }
  if (query.labelId) {
    values.push(query.labelId);
    where.push(`EXISTS (SELECT 1 FROM record_labels rl WHERE rl.record_id = records.id AND rl.label_id = $${values.length})`);
  }
  if (query.cursor) {
    const after = decodeCursor(query.cursor);
    // A cursor from the other sort (or a forged one) must be a 400, not a cast error.
    if (query.sort === 'created' && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(after.key)) throw new AppError('record.invalid_cursor');
    values.push(after.key, after.id);
    where.push(`(${order}, id) > (${castKey.replace('$KEY', `$${values.length - 1}`)}, $${values.length}::uuid)`);
  }
  values.push(query.limit + 1);
  const { rows } = await currentTenantTransaction().query<RecordRow & { sort_key: string }>(
    `SELECT ${SUMMARY_COLUMNS}, ${cursorKey} AS sort_key FROM records WHERE ${where.join(' AND ')} ORDER BY ${order}, id LIMIT $${values.length}`,
    values,
  );
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return { records: page.map(toSummary), nextCursor: rows.length > query.limit && last ? encodeCursor({ key: last.sort_key, id: last.id }) : null };
}

/** `acme bo` → `acme:* & bo:*`: every word must match, as a prefix. Only letters and digits reach the query. */
function searchTerms(q: string | undefined): string | null {
  const words = (q ?? '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0)
    .slice(0, 8);
  return words.length > 0 ? words.map((word) => `${word}:*`).join(' & ') : null;
}
