import type { Queryable } from '../db/queryable.js';
import { GENESIS_HASH, type AuditEntryInput, type AuditMetadata, type AuditRecord } from './audit-entry.js';
import { auditEntryHash } from './audit-hash.js';

/** Serialises appends across every process: the chain has one head, so one writer at a time. */
export const AUDIT_APPEND_LOCK = 0x61756474; // 'audt'

/**
 * Appends one entry inside the caller's identity-database transaction, so the entry commits or
 * rolls back with the action it records. The transaction-level advisory lock makes concurrent
 * writers take turns reading the head, so the chain cannot fork; UNIQUE(seq) is the backstop.
 * The lock is held until the caller's transaction ends: keep audited transactions short.
 */
export async function appendAudit(tx: Queryable, entry: AuditEntryInput, now: Date): Promise<AuditRecord> {
  const metadata = checkedMetadata(entry.metadata ?? {});
  await tx.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_APPEND_LOCK]);
  const { rows } = await tx.query<{ seq: string; hash: string }>('SELECT seq, hash FROM platform_audit_log ORDER BY seq DESC LIMIT 1');
  const head = rows[0];
  const unsigned: Omit<AuditRecord, 'hash'> = {
    seq: head ? Number(head.seq) + 1 : 1,
    occurredAt: new Date(now.getTime()),
    actorType: entry.actor.type,
    actorId: entry.actor.id ?? null,
    permission: entry.permission ?? null,
    action: entry.action,
    targetType: entry.target?.type ?? null,
    targetId: entry.target?.id ?? null,
    tenantId: entry.tenantId?.toLowerCase() ?? null,
    metadata,
    clientAddress: entry.clientAddress ?? null,
    prevHash: head?.hash ?? GENESIS_HASH,
  };
  const record: AuditRecord = { ...unsigned, hash: auditEntryHash(unsigned) };
  await tx.query(
    `INSERT INTO platform_audit_log (seq, occurred_at, actor_type, actor_id, permission, action, target_type, target_id,
       tenant_id, metadata, client_address, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [
      record.seq,
      record.occurredAt,
      record.actorType,
      record.actorId,
      record.permission,
      record.action,
      record.targetType,
      record.targetId,
      record.tenantId,
      JSON.stringify(record.metadata),
      record.clientAddress,
      record.prevHash,
      record.hash,
    ],
  );
  return record;
}

/**
 * Only values jsonb gives back byte-for-byte: strings, booleans, null and safe integers (a
 * fraction or a huge number may come back spelled differently and break its own hash).
 */
function checkedMetadata(metadata: AuditMetadata): AuditMetadata {
  for (const [key, value] of Object.entries(metadata)) {
    const ok = value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isSafeInteger(value));
    if (!ok) throw new TypeError(`Audit metadata "${key}" must be a string, boolean, null or safe integer`);
  }
  return { ...metadata };
}
