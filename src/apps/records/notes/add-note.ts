import type { QuotaGuard } from '../../../platform/quotas/index.js';
import { currentTenantTransaction } from '../../../platform/tenancy/index.js';
import { addActivity } from '../activity/add-activity.js';
import { findRecordRow } from '../customers/get-record.js';
import { enforceRecordsQuota } from '../records-quotas.js';
import type { Note } from './notes.types.js';

export interface NoteRow {
  id: string;
  author_id: string;
  body: string;
  created_at: Date;
}

export const toNote = (row: NoteRow): Note => ({ id: row.id, authorId: row.author_id, body: row.body, createdAt: row.created_at.toISOString() });

/**
 * Adds a note to a record of the current tenant and puts it on the timeline. Refused with
 * `quota.exceeded` once the tenant holds `tenant.notes` of them.
 */
export async function addNote(quotas: QuotaGuard, recordId: string, body: string, authorId: string): Promise<Note> {
  const tx = currentTenantTransaction();
  await findRecordRow(recordId);
  await enforceRecordsQuota(quotas, 'tenant.notes');
  const { rows } = await tx.query<NoteRow>('INSERT INTO record_notes (tenant_id, record_id, author_id, body) VALUES ($1, $2, $3, $4) RETURNING id, author_id, body, created_at', [
    tx.tenantId,
    recordId,
    authorId,
    body,
  ]);
  await addActivity(recordId, authorId, 'note_added');
  return toNote(rows[0]!);
}
