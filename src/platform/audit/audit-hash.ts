import { createHash } from 'node:crypto';
import type { AuditMetadata, AuditRecord } from './audit-entry.js';

/**
 * The canonical encoding an entry's hash is taken over (documented in docs/operations/audit.md):
 *
 *   "bsns-audit-v1" 0x00, then for each field in this fixed order a 4-byte big-endian length and
 *   the UTF-8 bytes, or the length 0xFFFFFFFF alone for null:
 *   seq (decimal), occurred_at (ISO 8601, UTC, milliseconds), actor_type, actor_id, permission,
 *   action, target_type, target_id, tenant_id (lower-case), metadata (JSON with keys sorted),
 *   client_address, prev_hash (hex).
 *
 * The domain prefix keeps an audit hash from ever equalling a hash of anything else; the length
 * prefixes make every field boundary unambiguous ("ab"+"c" never encodes like "a"+"bc").
 */
export const AUDIT_HASH_DOMAIN = Buffer.from('bsns-audit-v1\0', 'utf8');
const NULL_LENGTH = 0xffffffff;

export function auditEntryHash(entry: Omit<AuditRecord, 'hash'>): string {
  const hash = createHash('sha256').update(AUDIT_HASH_DOMAIN);
  writeField(hash, String(entry.seq));
  hash.update(encodedEntryBody(entry));
  writeField(hash, entry.prevHash);
  return hash.digest('hex');
}

/**
 * The encoded fields between seq and prev_hash: all an append knows before it holds the head.
 * The append sends these bytes and lets PostgreSQL wrap them with the seq and the previous hash
 * it reads under the head's row lock (append-audit.ts), then checks the result against
 * `auditEntryHash`, which stays the one definition of the encoding.
 */
export function encodedEntryBody(entry: Omit<AuditRecord, 'hash' | 'seq' | 'prevHash'>): Buffer {
  const parts: Buffer[] = [];
  const sink = { update: (data: Buffer) => parts.push(data) };
  const fields: Array<string | null> = [
    entry.occurredAt.toISOString(),
    entry.actorType,
    entry.actorId,
    entry.permission,
    entry.action,
    entry.targetType,
    entry.targetId,
    entry.tenantId?.toLowerCase() ?? null,
    canonicalJson(entry.metadata),
    entry.clientAddress,
  ];
  for (const field of fields) writeField(sink, field);
  return Buffer.concat(parts);
}

/** Length-prefixed, null-distinct field encoding shared with the checkpoint signature. */
export function writeField(hash: { update(data: Buffer): unknown }, field: string | null): void {
  const length = Buffer.alloc(4);
  if (field === null) {
    length.writeUInt32BE(NULL_LENGTH);
    hash.update(length);
    return;
  }
  const bytes = Buffer.from(field, 'utf8');
  length.writeUInt32BE(bytes.length);
  hash.update(length);
  hash.update(bytes);
}

/** JSON with object keys sorted, so the text does not depend on how jsonb ordered them. */
export function canonicalJson(metadata: AuditMetadata): string {
  const keys = Object.keys(metadata).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${JSON.stringify(metadata[key])}`).join(',')}}`;
}
