import { readPage, type Page, type PageRequest } from '../../../platform/paging/index.js';
import { currentTenantTransaction } from '../../../platform/tenancy/index.js';
import { LABEL_COLUMNS, toLabel, type LabelRow } from './label-row.js';
import type { Label } from './labels.types.js';

/**
 * One page of the current tenant's labels, by name (unique in a tenant, so the order is total;
 * the index on (tenant_id, name) serves it). RLS scopes the rows; no tenant filter is written here.
 */
export async function listLabels(page: PageRequest): Promise<Page<Label>> {
  const tx = currentTenantTransaction();
  return readPage({
    order: { keys: ['name'] },
    page,
    firstParam: 1,
    fetch: async (keyset) =>
      (await tx.query<LabelRow>(`SELECT ${LABEL_COLUMNS} FROM labels WHERE ${keyset.where} ORDER BY ${keyset.orderBy} LIMIT ${keyset.limit}`, keyset.params)).rows,
    keyOf: (row) => [row.name],
    toItem: toLabel,
  });
}
