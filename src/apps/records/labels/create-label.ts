import { AppError } from '../../../platform/errors/index.js';
import type { QuotaGuard } from '../../../platform/quotas/index.js';
import { currentTenantTransaction } from '../../../platform/tenancy/index.js';
import { enforceRecordsQuota } from '../records-quotas.js';
import { LABEL_COLUMNS, toLabel, type LabelRow } from './label-row.js';
import type { CreateLabelInput, Label } from './labels.types.js';

/**
 * Creates a label in the current tenant; the parent must be one of the same tenant's labels.
 * Refused with `quota.exceeded` once the tenant holds `tenant.labels` of them.
 */
export async function createLabel(input: CreateLabelInput, quotas: QuotaGuard): Promise<Label> {
  const tx = currentTenantTransaction();
  await enforceRecordsQuota(quotas, 'tenant.labels');
  try {
    const { rows } = await tx.query<LabelRow>(
      `INSERT INTO labels (tenant_id, name, color, parent_id)
       VALUES ($1, $2, coalesce($3, '#6b7280'), $4)
       RETURNING ${LABEL_COLUMNS}`,
      [tx.tenantId, input.name, input.color ?? null, input.parentId ?? null],
    );
    return toLabel(rows[0]!);
  } catch (error) {
    const constraint = (error as { constraint?: string }).constraint;
    if (constraint === 'labels_tenant_id_name_key') throw new AppError('label.name_taken');
    if (constraint === 'labels_tenant_id_parent_id_fkey') throw new AppError('label.parent_not_found');
    throw error;
  }
}
