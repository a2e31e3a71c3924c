import { currentTenantTransaction } from '../../../platform/tenancy/index.js';
import type { RecordKind } from '../customers/records.types.js';

const EXPORT_BATCH = 1000;
const HEADER = ['id', 'name', 'email', 'phone', 'address', 'created_at'];

/**
 * A cell as a spreadsheet may safely open it. A cell starting with `=`, `+`, `-`, `@`, tab or
 * carriage return would run as a formula (CSV injection, e.g. `=cmd|…`), so it gets a leading
 * apostrophe, as OWASP recommends; then the usual CSV quoting.
 */
export function csvCell(value: string | null): string {
  let text = value ?? '';
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The tenant's people or companies as CSV lines, read in keyset batches. Sensitive fields are
 * never exported: they leave only one at a time, through an audited reveal.
 */
export async function* exportCsv(kind: RecordKind): AsyncGenerator<string> {
  const tx = currentTenantTransaction();
  yield `${HEADER.join(',')}\r\n`;
  let after: { name: string; id: string } | null = null;
  for (;;) {
    const { rows }: { rows: Array<{ id: string; name: string; email: string | null; phone: string | null; address: string | null; created_at: Date; sort_name: string }> } = await tx.query(
      `SELECT id, name, email, phone, address, created_at, lower(name) AS sort_name FROM records
       WHERE kind = $1 ${after ? 'AND (lower(name), id) > ($3, $4::uuid)' : ''} ORDER BY lower(name), id LIMIT $2`,
      after ? [kind, EXPORT_BATCH, after.name, after.id] : [kind, EXPORT_BATCH],
    );
    for (const row of rows) yield `${[row.id, row.name, row.email, row.phone, row.address, row.created_at.toISOString()].map(csvCell).join(',')}\r\n`;
    const last = rows.at(-1);
    if (!last || rows.length < EXPORT_BATCH) return;
    after = { name: last.sort_name, id: last.id };
  }
}
