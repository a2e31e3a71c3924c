import type { Queryable } from '../db/queryable.js';
import type { AuditEntryInput, AuditMetadata, AuditRecord } from './audit-entry.js';
import { AUDIT_HASH_DOMAIN, auditEntryHash, encodedEntryBody } from './audit-hash.js';

/**
 * One statement: move the head (its row lock queues concurrent appends, across every process,
 * and each re-reads the head its predecessor committed), hash the entry in PostgreSQL from the
 * body this process encoded plus the seq and previous hash it finds there, and insert it.
 */
const APPEND_SQL = `
WITH head AS (
  UPDATE platform_audit_head
     SET seq = seq + 1,
         prev_hash = hash,
         hash = encode(sha256($1::bytea || int4send(octet_length((seq + 1)::text)) || convert_to((seq + 1)::text, 'UTF8')
                              || $2::bytea || int4send(octet_length(hash)) || convert_to(hash, 'UTF8')), 'hex')
   RETURNING seq, prev_hash, hash
)
INSERT INTO platform_audit_log (seq, occurred_at, actor_type, actor_id, permission, action, target_type, target_id,
  tenant_id, metadata, client_address, prev_hash, hash)
SELECT head.seq, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, head.prev_hash, head.hash FROM head
RETURNING seq, prev_hash, hash`;

/**
 * Appends one entry inside the caller's identity-database transaction, so the entry commits or
 * rolls back with the action it records. The head row stays locked until the caller's
 * transaction ends, so the chain cannot fork (UNIQUE(seq) is the backstop): keep audited
 * transactions short, and append last where you can.
 */
export async function appendAudit(tx: Queryable, entry: AuditEntryInput, now: Date): Promise<AuditRecord> {
  const metadata = checkedMetadata(entry.metadata ?? {});
  const body: Omit<AuditRecord, 'hash' | 'seq' | 'prevHash'> = {
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
  };
  const { rows } = await tx.query<{ seq: string; prev_hash: string; hash: string }>(APPEND_SQL, [
    AUDIT_HASH_DOMAIN,
    encodedEntryBody(body),
    body.occurredAt,
    body.actorType,
    body.actorId,
    body.permission,
    body.action,
    body.targetType,
    body.targetId,
    body.tenantId,
    JSON.stringify(body.metadata),
    body.clientAddress,
  ]);
  const row = rows[0];
  if (!row) throw new Error('The audit head row is missing: the identity database is not migrated');
  const record: AuditRecord = { ...body, seq: Number(row.seq), prevHash: row.prev_hash, hash: row.hash };
  // The TypeScript encoding is the definition; a drift between the two fails the action loudly.
  if (auditEntryHash(record) !== record.hash) throw new Error(`Audit entry ${record.seq}: the database's hash differs from the canonical encoding`);
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
