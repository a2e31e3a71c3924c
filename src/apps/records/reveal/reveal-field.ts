import type { AuditLog } from '../../../platform/audit/index.js';
import type { Clock } from '../../../platform/clock.js';
import type { TenantVault } from '../../../platform/crypto/index.js';
import { AppError } from '../../../platform/errors/index.js';
import { refuseDuringSupportAccess, type SupportAccess } from '../../../platform/http/index.js';
import { addActivity } from '../activity/add-activity.js';
import { findRecordRow } from '../customers/get-record.js';
import { SENSITIVE_FIELD_SPECS, type SensitiveField } from '../customers/sensitive-fields.js';
import type { RecordRow } from '../customers/record-row.js';

/** How recent the caller's MFA proof must be to see a sensitive value in full. */
export const REVEAL_FRESH_MFA_MS = 5 * 60_000;

export interface Revealer {
  readonly userId: string;
  /** When the caller last proved a second factor in this session (from the session token). */
  readonly mfaVerifiedAt: Date | null;
  readonly tenantId: string;
  readonly clientAddress: string | null;
  /** Support access the caller acts under, or null: required, so no caller can leave it out. */
  readonly supportAccess: SupportAccess | null;
}

/** Whether an MFA proof is recent enough to reveal; checked before any tenant data is read. */
export function requireFreshMfa(clock: Clock, mfaVerifiedAt: Date | null): void {
  if (!mfaVerifiedAt || clock.now().getTime() - mfaVerifiedAt.getTime() > REVEAL_FRESH_MFA_MS) throw new AppError('record.reveal_needs_fresh_mfa');
}

/**
 * Opens one sensitive field of one record for someone who re-verified MFA in the last five
 * minutes, and writes the audit event (actor, record, field; never the value) to its timeline
 * in the same transaction: no reveal without its trace. The platform audit log (identity
 * database) gets its entry through the port before the value is returned: if that append fails,
 * the tenant transaction rolls back and nothing is revealed.
 */
export async function revealField(
  deps: { vault: TenantVault; clock: Clock; audit: AuditLog },
  revealer: Revealer,
  recordId: string,
  field: SensitiveField,
): Promise<string> {
  const { vault, clock } = deps;
  // Support access never sees a sensitive value, whatever its MFA proof (SPEC control 18).
  refuseDuringSupportAccess(revealer);
  requireFreshMfa(clock, revealer.mfaVerifiedAt);
  const row = await findRecordRow(recordId);
  const column = SENSITIVE_FIELD_SPECS[field].column;
  const sealed = row[column as keyof RecordRow] as string | null;
  if (sealed === null) throw new AppError('record.field_not_set');
  const opened = await vault.open(sealed, { table: 'records', column, rowId: row.id });
  if (opened.status !== 'ok') throw new AppError('record.field_unavailable');
  await addActivity(row.id, revealer.userId, 'field_revealed', { field });
  await deps.audit.append({
    actor: { type: 'user', id: revealer.userId },
    action: 'records.field.revealed',
    target: { type: 'record', id: row.id },
    tenantId: revealer.tenantId,
    clientAddress: revealer.clientAddress,
    metadata: { field },
  });
  return opened.value;
}
