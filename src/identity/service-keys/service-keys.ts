import type { Clock } from '../../platform/clock.js';
import { appendAudit } from '../../platform/audit/index.js';
import type { IdentityDb, Queryable } from '../../platform/db/index.js';
import { mintCredentialText } from '../api-tokens/index.js';
import { hashSecret } from '../sessions/session-store.js';

export const SERVICE_ENVIRONMENTS = ['production', 'staging', 'development'] as const;
export type ServiceEnvironment = (typeof SERVICE_ENVIRONMENTS)[number];

export interface ServiceKeyView {
  readonly id: string;
  readonly name: string;
  readonly environment: ServiceEnvironment;
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
  readonly revokedAt: Date | null;
}

const VIEW = `id, name, environment, created_at AS "createdAt", last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"`;

/**
 * Makes a service key for one environment (operator CLI); the text is returned once, only its
 * SHA-256 is kept, and the creation is audited in the same transaction.
 */
export async function createServiceKey(db: IdentityDb, clock: Clock, input: { name: string; environment: ServiceEnvironment }): Promise<{ key: ServiceKeyView; secret: string }> {
  const secret = mintCredentialText('bsk_');
  const now = clock.now();
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<ServiceKeyView>(
      `INSERT INTO service_keys (name, environment, key_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING ${VIEW}`,
      [input.name, input.environment, hashSecret(secret), now],
    );
    const key = rows[0]!;
    await appendAudit(tx, { actor: { type: 'cli' }, action: 'service_key.created', target: { type: 'service_key', id: key.id }, tenantId: null, metadata: { environment: key.environment } }, now);
    return { key, secret };
  });
}

export async function listServiceKeys(db: Queryable): Promise<ServiceKeyView[]> {
  return (await db.query<ServiceKeyView>(`SELECT ${VIEW} FROM service_keys ORDER BY created_at DESC, id`)).rows;
}

/** Revokes a key by id; false when there is no such key. Takes effect on the next request. */
export async function revokeServiceKey(db: IdentityDb, clock: Clock, id: string): Promise<boolean> {
  const now = clock.now();
  return db.transaction(async (tx) => {
    const { rowCount } = await tx.query('UPDATE service_keys SET revoked_at = coalesce(revoked_at, $2) WHERE id = $1', [id, now]);
    if ((rowCount ?? 0) === 0) return false;
    await appendAudit(tx, { actor: { type: 'cli' }, action: 'service_key.revoked', target: { type: 'service_key', id }, tenantId: null, metadata: {} }, now);
    return true;
  });
}
