import { readPage, type KeysetOrder } from '../../../platform/paging/index.js';
import { currentTenantTransaction } from '../../../platform/tenancy/index.js';
import { SUMMARY_COLUMNS, toSummary, type RecordRow } from './record-row.js';
import type { ListRecordsQuery, RecordKind, RecordPage } from './records.types.js';

// Each sort walks its index (0002_records.sql: (tenant_id, kind, lower(name), id) and
// (tenant_id, kind, created_at, id)); the id makes the order total.
const ORDERS: Record<ListRecordsQuery['sort'], KeysetOrder & { readonly sortKey: string }> = {
  name: { keys: ['lower(name)', 'id'], sortKey: 'lower(name)' },
  // As text to the microsecond, so rows created in the same millisecond are neither skipped nor repeated.
  created: { keys: ['created_at', 'id'], sortKey: 'created_at::text' },
};

/**
 * One page of people or companies in keyset order, filtered by label and searched by full text
 * over the fields that are not sensitive (prefix match on each word typed). A cursor of the other
 * sort (or a forged one) is `page.invalid_cursor`, never a cast error.
 */
export async function listRecords(kind: RecordKind, query: ListRecordsQuery): Promise<RecordPage> {
  const order = ORDERS[query.sort];
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
  const tx = currentTenantTransaction();
  return readPage({
    order,
    page: query,
    firstParam: values.length + 1,
    fetch: async (keyset) =>
      (
        await tx.query<RecordRow & { sort_key: string }>(
          `SELECT ${SUMMARY_COLUMNS}, ${order.sortKey} AS sort_key FROM records
           WHERE ${where.join(' AND ')} AND ${keyset.where} ORDER BY ${keyset.orderBy} LIMIT ${keyset.limit}`,
          [...values, ...keyset.params],
        )
      ).rows,
    keyOf: (row) => [row.sort_key, row.id],
    toItem: toSummary,
  });
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
