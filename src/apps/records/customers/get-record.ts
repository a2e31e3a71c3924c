import { AppError } from '../../../platform/errors/index.js';
import type { TenantVault } from '../../../platform/crypto/index.js';
import { currentTenantTransaction } from '../../../platform/tenancy/index.js';
import { DETAIL_COLUMNS, toSummary, type RecordRow } from './record-row.js';
import type { RecordDetail, RecordKind } from './records.types.js';
import { maskValue, SENSITIVE_FIELD_SPECS, SENSITIVE_FIELDS } from './sensitive-fields.js';

/** The row of a record of the current tenant; another tenant's id is `record.not_found`, like a made-up one. */
export async function findRecordRow(id: string, kind?: RecordKind): Promise<RecordRow> {
  const { rows } = await currentTenantTransaction().query<RecordRow>(`SELECT ${DETAIL_COLUMNS} FROM records WHERE id = $1`, [id]);
  const row = rows[0];
  if (!row || (kind && row.kind !== kind)) throw new AppError('record.not_found');
  return row;
}

/** A record with its sensitive fields masked (last 4 characters), its labels and its links. */
export async function getRecord(vault: TenantVault, id: string, kind?: RecordKind): Promise<RecordDetail> {
  const tx = currentTenantTransaction();
  const row = await findRecordRow(id, kind);
  const sensitive = {} as RecordDetail['sensitive'];
  for (const field of SENSITIVE_FIELDS) {
    const column = SENSITIVE_FIELD_SPECS[field].column as keyof RecordRow;
    const sealed = row[column] as string | null;
    if (sealed === null) {
      sensitive[field] = null;
      continue;
    }
    const opened = await vault.open(sealed, { table: 'records', column: column as string, rowId: row.id });
    sensitive[field] = opened.status === 'ok' ? { masked: maskValue(opened.value), available: true } : { masked: 'unavailable', available: false };
  }
  const [labels, links] = await Promise.all([
    tx.query<{ id: string; name: string; color: string }>(
      'SELECT l.id, l.name, l.color FROM record_labels rl JOIN labels l ON l.id = rl.label_id WHERE rl.record_id = $1 ORDER BY l.name',
      [id],
    ),
    tx.query<{ id: string; kind: RecordKind; name: string; role: string | null }>(
      `SELECT r.id, r.kind, r.name, k.role FROM record_links k
       JOIN records r ON r.id = CASE WHEN k.person_id = $1 THEN k.company_id ELSE k.person_id END
       WHERE k.person_id = $1 OR k.company_id = $1 ORDER BY r.name LIMIT 200`,
      [id],
    ),
  ]);
  return { ...toSummary(row), address: row.address, sensitive, labels: labels.rows, links: links.rows };
}
