import type { TenantVault } from '../../../platform/crypto/index.js';
import { readPage, type Page, type PageRequest } from '../../../platform/paging/index.js';
import { currentTenantTransaction } from '../../../platform/tenancy/index.js';
import { SUMMARY_COLUMNS, toSummary, type RecordRow } from './record-row.js';
import type { LookupInput, RecordSummary } from './records.types.js';

/**
 * Exact-match lookup by SSN or tax ID through the blind index: the plaintext is never compared or
 * stored. The partial index on the blind index finds the few matches; they are paged by name.
 */
export async function findByIdentifier(vault: TenantVault, input: LookupInput, page: PageRequest): Promise<Page<RecordSummary>> {
  const [column, indexColumn, value] = 'ssn' in input ? ['ssn_sealed', 'ssn_index', input.ssn] : ['tax_id_sealed', 'tax_id_index', input.taxId];
  const index = await vault.blindIndex(value, { table: 'records', column });
  const tx = currentTenantTransaction();
  return readPage({
    order: { keys: ['lower(name)', 'id'] },
    page,
    firstParam: 2,
    fetch: async (keyset) =>
      (
        await tx.query<RecordRow & { sort_key: string }>(
          `SELECT ${SUMMARY_COLUMNS}, lower(name) AS sort_key FROM records WHERE ${indexColumn} = $1 AND ${keyset.where} ORDER BY ${keyset.orderBy} LIMIT ${keyset.limit}`,
          [index, ...keyset.params],
        )
      ).rows,
    keyOf: (row) => [row.sort_key, row.id],
    toItem: toSummary,
  });
}
