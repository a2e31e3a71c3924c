import type { Queryable } from '../db/queryable.js';
import { AUDIT_COLUMNS, recordFromRow, type AuditRecord, type AuditRow } from './audit-entry.js';

export interface AuditFilter {
  readonly action?: string;
  readonly actorId?: string;
  readonly tenantId?: string;
  /** Keyset cursor: entries before this seq (newest first). */
  readonly beforeSeq?: number;
  readonly limit: number;
}

/**
 * Newest entries first, one page by keyset on seq (stable while entries are appended, and an
 * index range scan however deep the page). Each filter narrows with its own index.
 */
export async function listAuditEntries(db: Queryable, filter: AuditFilter): Promise<{ entries: AuditRecord[]; nextBefore: number | null }> {
  const conditions: string[] = [];
  const values: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    values.push(value);
    conditions.push(sql.replace('?', `$${values.length}`));
  };
  if (filter.action) add('action = ?', filter.action);
  if (filter.actorId) add('actor_id = ?', filter.actorId);
  if (filter.tenantId) add('tenant_id = ?', filter.tenantId);
  if (filter.beforeSeq !== undefined) add('seq < ?', filter.beforeSeq);
  values.push(filter.limit + 1);
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  const { rows } = await db.query<AuditRow>(`SELECT ${AUDIT_COLUMNS} FROM platform_audit_log ${where} ORDER BY seq DESC LIMIT $${values.length}`, values);
  const page = rows.slice(0, filter.limit).map(recordFromRow);
  return { entries: page, nextBefore: rows.length > filter.limit ? page[page.length - 1]!.seq : null };
}
