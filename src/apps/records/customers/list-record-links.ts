import { readPage, type Page, type PageRequest } from '../../../platform/paging/index.js';
import { currentTenantTransaction } from '../../../platform/tenancy/index.js';
import type { RecordKind, RecordLink } from './records.types.js';

// A person's links name its companies, a company's its people: each side walks its own index
// (0005_paging_indexes.sql) in the order the links were made.
const SIDES = {
  person: { own: 'k.person_id', other: 'k.company_id' },
  company: { own: 'k.company_id', other: 'k.person_id' },
} as const;

/** One page of the records linked to a record of the current tenant, oldest link first. */
export async function listRecordLinks(record: { readonly id: string; readonly kind: RecordKind }, page: PageRequest): Promise<Page<RecordLink>> {
  const { own, other } = SIDES[record.kind];
  const tx = currentTenantTransaction();
  return readPage({
    order: { keys: ['k.created_at', other] },
    page,
    firstParam: 2,
    fetch: async (keyset) =>
      (
        await tx.query<RecordLink & { linked_at: string }>(
          `SELECT r.id, r.kind, r.name, k.role, k.created_at::text AS linked_at FROM record_links k JOIN records r ON r.id = ${other}
           WHERE ${own} = $1 AND ${keyset.where} ORDER BY ${keyset.orderBy} LIMIT ${keyset.limit}`,
          [record.id, ...keyset.params],
        )
      ).rows,
    keyOf: (row) => [row.linked_at, row.id],
    toItem: ({ id, kind, name, role }) => ({ id, kind, name, role }),
  });
}
