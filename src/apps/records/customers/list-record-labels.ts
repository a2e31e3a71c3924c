import { readPage, type Page, type PageRequest } from '../../../platform/paging/index.js';
import { currentTenantTransaction } from '../../../platform/tenancy/index.js';
import type { RecordLabel } from './records.types.js';

/**
 * One page of the tags of a record of the current tenant, by label name (unique in a tenant, so
 * the order is total). The record's tags come from the key of record_labels; the tenant's label
 * quota bounds how many there can be to sort.
 */
export async function listRecordLabels(recordId: string, page: PageRequest): Promise<Page<RecordLabel>> {
  const tx = currentTenantTransaction();
  return readPage({
    order: { keys: ['l.name'] },
    page,
    firstParam: 2,
    fetch: async (keyset) =>
      (
        await tx.query<RecordLabel>(
          `SELECT l.id, l.name, l.color FROM record_labels rl JOIN labels l ON l.id = rl.label_id
           WHERE rl.record_id = $1 AND ${keyset.where} ORDER BY ${keyset.orderBy} LIMIT ${keyset.limit}`,
          [recordId, ...keyset.params],
        )
      ).rows,
    keyOf: (row) => [row.name],
    toItem: (row) => row,
  });
}
