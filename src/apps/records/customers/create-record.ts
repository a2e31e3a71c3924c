import { randomUUID } from 'node:crypto';
import { AppError } from '../../../platform/errors/index.js';
import { currentTenantTransaction } from '../../../platform/tenancy/index.js';
import { addActivity } from '../activity/add-activity.js';
import type { RecordsDeps } from '../records-deps.js';
import { enforceRecordsQuota } from '../records-quotas.js';
import type { CreateCompanyInput, CreatePersonInput } from './records.types.js';
import { SENSITIVE_FIELD_SPECS, SENSITIVE_FIELDS } from './sensitive-fields.js';

export type CreateRecordInput = (CreatePersonInput & { kind: 'person' }) | (CreateCompanyInput & { kind: 'company' });

/**
 * Creates a person or a company in the current tenant. Sensitive values are sealed by the vault
 * (bound to this row) before they reach SQL, with a blind index for the ones found by exact match.
 * Labels and the company link are checked by composite foreign keys: another tenant's id fails
 * like an id that exists nowhere, and the whole create rolls back. Refused with `quota.exceeded`
 * once the tenant holds `tenant.records` of them.
 */
export async function createRecord({ vault, quotas }: Pick<RecordsDeps, 'vault' | 'quotas'>, input: CreateRecordInput, actorId: string, action: 'created' | 'imported' = 'created'): Promise<string> {
  const tx = currentTenantTransaction();
  const id = randomUUID();
  const columns: Record<string, string | null> = {};
  for (const field of SENSITIVE_FIELDS) {
    const spec = SENSITIVE_FIELD_SPECS[field];
    const value = (input as unknown as Partial<Record<string, string>>)[field];
    if (value === undefined || !spec.kinds.includes(input.kind)) continue;
    columns[spec.column] = await vault.seal(value, { table: 'records', column: spec.column, rowId: id });
    if (spec.indexColumn) columns[spec.indexColumn] = await vault.blindIndex(value, { table: 'records', column: spec.column });
  }
  const names = ['tenant_id', 'id', 'kind', 'name', 'email', 'phone', 'address', ...Object.keys(columns)];
  const values = [tx.tenantId, id, input.kind, input.name, input.email ?? null, input.phone ?? null, input.address ?? null, ...Object.values(columns)];
  // Counted after sealing, so the quota's lock is held only from here to the commit.
  await enforceRecordsQuota(quotas, 'tenant.records');
  await tx.query(`INSERT INTO records (${names.join(', ')}) VALUES (${values.map((_, i) => `$${i + 1}`).join(', ')})`, values);

  for (const labelId of new Set(input.labelIds ?? [])) await tagRecord(id, labelId);
  if (input.kind === 'person' && input.companyId) await linkToCompany(id, input.companyId, null);
  await addActivity(id, actorId, action, { kind: input.kind });
  return id;
}

/** Tags a record with one of the tenant's labels (idempotent); whether the tag is new. */
export async function tagRecord(recordId: string, labelId: string): Promise<boolean> {
  const tx = currentTenantTransaction();
  try {
    const { rowCount } = await tx.query('INSERT INTO record_labels (tenant_id, record_id, label_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [tx.tenantId, recordId, labelId]);
    return rowCount === 1;
  } catch (error) {
    throw foreignKeyError(error) ?? error;
  }
}

/**
 * Files a person under a company; the kinds are part of the foreign keys, so the roles cannot be
 * swapped. Linking again only updates the role; whether the link is new.
 */
export async function linkToCompany(personId: string, companyId: string, role: string | null): Promise<boolean> {
  const tx = currentTenantTransaction();
  try {
    // xmax is 0 on a row this statement inserted, and set on one it updated.
    const { rows } = await tx.query<{ inserted: boolean }>(
      `INSERT INTO record_links (tenant_id, person_id, company_id, role) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant_id, person_id, company_id) DO UPDATE SET role = EXCLUDED.role
       RETURNING (xmax = 0) AS inserted`,
      [tx.tenantId, personId, companyId, role],
    );
    return rows[0]?.inserted === true;
  } catch (error) {
    throw foreignKeyError(error) ?? error;
  }
}

function foreignKeyError(error: unknown): AppError | null {
  const constraint = (error as { constraint?: string }).constraint ?? '';
  if (constraint.startsWith('record_labels_tenant_id_label_id')) return new AppError('record.label_not_found');
  if (constraint.startsWith('record_links_tenant_id_company_id')) return new AppError('record.company_not_found');
  if (constraint.startsWith('record_links_tenant_id_person_id') || constraint.startsWith('record_labels_tenant_id_record_id')) return new AppError('record.not_found');
  return null;
}

