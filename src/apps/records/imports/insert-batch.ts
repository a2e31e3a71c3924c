import { randomUUID } from 'node:crypto';
import type { TenantVault } from '../../../platform/crypto/index.js';
import { currentTenantTransaction } from '../../../platform/tenancy/index.js';
import type { CreateRecordInput } from '../customers/create-record.js';
import { SENSITIVE_FIELD_SPECS, SENSITIVE_FIELDS } from '../customers/sensitive-fields.js';

/** Rows stored per statement: few round trips, bounded memory. */
export const IMPORT_BATCH_SIZE = 500;

const COLUMNS = ['id', 'kind', 'name', 'email', 'phone', 'address', 'dob_sealed', 'ssn_sealed', 'ssn_index', 'licence_sealed', 'ein_sealed', 'tax_id_sealed', 'tax_id_index'] as const;

/**
 * Stores validated import rows in two statements (the records, then their "imported" timeline
 * events), sealing each sensitive value for its own row exactly as a single create does.
 * Imported rows carry no labels or links, which is why they can skip `createRecord`; its
 * `tenant.records` check is made by `importCsv`, once for all batches, before the commit.
 */
export async function insertImportedBatch(vault: TenantVault, rows: readonly CreateRecordInput[], actorId: string): Promise<void> {
  if (rows.length === 0) return;
  const tx = currentTenantTransaction();
  const records: Array<Record<(typeof COLUMNS)[number], string | null>> = [];
  for (const input of rows) {
    const id = randomUUID();
    const row: Record<string, string | null> = { id, kind: input.kind, name: input.name, email: input.email ?? null, phone: input.phone ?? null, address: input.address ?? null };
    for (const field of SENSITIVE_FIELDS) {
      const spec = SENSITIVE_FIELD_SPECS[field];
      const value = (input as unknown as Partial<Record<string, string>>)[field];
      if (value === undefined || !spec.kinds.includes(input.kind)) continue;
      row[spec.column] = await vault.seal(value, { table: 'records', column: spec.column, rowId: id });
      if (spec.indexColumn) row[spec.indexColumn] = await vault.blindIndex(value, { table: 'records', column: spec.column });
    }
    records.push(Object.fromEntries(COLUMNS.map((column) => [column, row[column] ?? null])) as Record<(typeof COLUMNS)[number], string | null>);
  }
  await tx.query(
    `INSERT INTO records (tenant_id, ${COLUMNS.join(', ')})
     SELECT $1, ${COLUMNS.join(', ')} FROM jsonb_to_recordset($2::jsonb) AS r(id uuid, kind text, name text, email text, phone text, address text,
       dob_sealed text, ssn_sealed text, ssn_index text, licence_sealed text, ein_sealed text, tax_id_sealed text, tax_id_index text)`,
    [tx.tenantId, JSON.stringify(records)],
  );
  await tx.query(
    `INSERT INTO record_activity (tenant_id, record_id, actor_id, action, detail)
     SELECT $1, r.id, $3, 'imported', jsonb_build_object('kind', r.kind) FROM jsonb_to_recordset($2::jsonb) AS r(id uuid, kind text)`,
    [tx.tenantId, JSON.stringify(records.map((record) => ({ id: record.id, kind: record.kind }))), actorId],
  );
}
