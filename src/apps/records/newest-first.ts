import { readPage, type Page, type PageRequest } from '../../platform/paging/index.js';
import { currentTenantTransaction } from '../../platform/tenancy/index.js';

/**
 * One page of what a record accumulates (its notes, its timeline), newest first: keyset on
 * (created_at, id), which the index (tenant_id, record_id, created_at, id) of each table serves
 * both ways (0005_paging_indexes.sql). `columns` and `table` are trusted code, never input.
 */
export async function readNewestFirst<Row extends { created_at: Date; id: string }, Item>(
  table: 'record_notes' | 'record_activity',
  columns: string,
  recordId: string,
  page: PageRequest,
  toItem: (row: Row) => Item,
): Promise<Page<Item>> {
  const tx = currentTenantTransaction();
  return readPage({
    order: { keys: ['created_at', 'id'], descending: true },
    page,
    firstParam: 2,
    fetch: async (keyset) =>
      (
        await tx.query<Row & { at: string }>(
          `SELECT ${columns}, created_at::text AS at FROM ${table} WHERE record_id = $1 AND ${keyset.where} ORDER BY ${keyset.orderBy} LIMIT ${keyset.limit}`,
          [recordId, ...keyset.params],
        )
      ).rows,
    keyOf: (row) => [row.at, row.id],
    toItem: (row) => toItem(row),
  });
}
