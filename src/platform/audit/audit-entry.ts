/** Who acted: a user (by id), an operator at the shell, a named backend service, or nobody known yet. */
export type AuditActor =
  | { readonly type: 'user'; readonly id: string }
  | { readonly type: 'cli'; readonly id?: string }
  | { readonly type: 'service'; readonly id: string }
  | { readonly type: 'anonymous'; readonly id?: string };

/** Flat, JSON-stable values only: jsonb must give back exactly what was hashed. Never secrets. */
export type AuditMetadata = Readonly<Record<string, string | number | boolean | null>>;

/** What a caller appends; the log adds seq, time and the hashes. */
export interface AuditEntryInput {
  readonly actor: AuditActor;
  /** Dotted, lower-case: `auth.sign_in.succeeded`, `platform.group.granted`, `records.field.revealed`. */
  readonly action: string;
  /** The platform permission the action was taken under, if any. */
  readonly permission?: string | null;
  readonly target?: { readonly type: string; readonly id: string } | null;
  readonly tenantId?: string | null;
  readonly metadata?: AuditMetadata;
  readonly clientAddress?: string | null;
}

/** A row of the log as stored and hashed. */
export interface AuditRecord {
  readonly seq: number;
  readonly occurredAt: Date;
  readonly actorType: AuditActor['type'];
  readonly actorId: string | null;
  readonly permission: string | null;
  readonly action: string;
  readonly targetType: string | null;
  readonly targetId: string | null;
  readonly tenantId: string | null;
  readonly metadata: AuditMetadata;
  readonly clientAddress: string | null;
  readonly prevHash: string;
  readonly hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditRow {
  seq: string;
  occurred_at: Date;
  actor_type: AuditActor['type'];
  actor_id: string | null;
  permission: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  tenant_id: string | null;
  metadata: AuditMetadata;
  client_address: string | null;
  prev_hash: string;
  hash: string;
}

export const AUDIT_COLUMNS =
  'seq, occurred_at, actor_type, actor_id, permission, action, target_type, target_id, tenant_id, metadata, client_address, prev_hash, hash';

export function recordFromRow(row: AuditRow): AuditRecord {
  return {
    seq: Number(row.seq),
    occurredAt: row.occurred_at,
    actorType: row.actor_type,
    actorId: row.actor_id,
    permission: row.permission,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    tenantId: row.tenant_id,
    metadata: row.metadata,
    clientAddress: row.client_address,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
