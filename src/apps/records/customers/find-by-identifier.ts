import type { TenantVault } from '../../../platform/crypto/index.js';
import { currentTenantTransaction } from '../../../platform/tenancy/index.js';
import { SUMMARY_COLUMNS, toSummary, type RecordRow } from './record-row.js';
import type { LookupInput, RecordSummary } from './records.types.js';

/** Exact-match lookup by SSN or tax ID through the blind index: the plaintext is never compared or stored. */
export async function findByIdentifier(vault: TenantVault, input: LookupInput): Promise<RecordSummary[]> {
  const [column, indexColumn, value] = 'ssn' in input ? ['ssn_sealed', 'ssn_index', input.ssn] : ['tax_id_sealed', 'tax_id_index', input.taxId];
  const index = await vault.blindIndex(value, { table: 'records', column });
  const { rows } = await currentTenantTransaction().query<RecordRow>(`SELECT ${SUMMARY_COLUMNS} FROM records WHERE ${indexColumn} = $1 ORDER BY name LIMIT 20`, [index]);
  return rows.map(toSummary);
}
