import { AppError } from '../../../platform/errors/index.js';
import type { TenantVault } from '../../../platform/crypto/index.js';
import { currentTenantTransaction } from '../../../platform/tenancy/index.js';
import { listRecordLabels } from './list-record-labels.js';
import { listRecordLinks } from './list-record-links.js';
import { DETAIL_COLUMNS, toSummary, type RecordRow } from './record-row.js';
import { EMBEDDED_PAGE, type RecordDetail, type RecordKind } from './records.types.js';
import { maskValue, SENSITIVE_FIELD_SPECS, SENSITIVE_FIELDS } from './sensitive-fields.js';

/** The row of a record of the current tenant; another tenant's id is `record.not_found`, like a made-up one. */
export async function findRecordRow(id: string, kind?: RecordKind): Promise<RecordRow> {
  const { rows } = await currentTenantTransaction().query<RecordRow>(`SELECT ${DETAIL_COLUMNS} FROM records WHERE id = $1`, [id]);
  const row = rows[0];
  if (!row || (kind && row.kind !== kind)) throw new AppError('record.not_found');
  return row;
}

/** A record with its sensitive fields masked (last 4 characters) and the first page of its labels and of its links. */
export async function getRecord(vault: TenantVault, id: string, kind?: RecordKind): Promise<RecordDetail> {
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
  const first = { limit: EMBEDDED_PAGE.defaultLimit };
  const labels = await listRecordLabels(row.id, first);
  const links = await listRecordLinks(row, first);
  return { ...toSummary(row), address: row.address, sensitive, labels, links };
}
