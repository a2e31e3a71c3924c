import { currentTenantTransaction } from '../../../platform/tenancy/index.js';
import { LABEL_COLUMNS, toLabel, type LabelRow } from './label-row.js';
import type { Label } from './labels.types.js';

/** The current tenant's labels, by name. RLS scopes the rows; no tenant filter is written here. */
export async function listLabels(): Promise<Label[]> {
  const { rows } = await currentTenantTransaction().query<LabelRow>(`SELECT ${LABEL_COLUMNS} FROM labels ORDER BY name LIMIT 1000`);
  return rows.map(toLabel);
}
