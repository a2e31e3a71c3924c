import type { Clock } from '../../platform/clock.js';
import type { Queryable } from '../../platform/db/index.js';
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

/** Makes a service key for one environment; the text is returned once, only its SHA-256 is kept. */
export async function createServiceKey(db: Queryable, clock: Clock, input: { name: string; environment: ServiceEnvironment }): Promise<{ key: ServiceKeyView; secret: string }> {
  const secret = mintCredentialText('bsk_');
  // AUDIT(service_key.created): record in the platform audit log (issue 8 part 6) once its port lands.
  const { rows } = await db.query<ServiceKeyView>(
    `INSERT INTO service_keys (name, environment, key_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING ${VIEW}`,
    [input.name, input.environment, hashSecret(secret), clock.now()],
  );
  return { key: rows[0]!, secret };
}

export async function listServiceKeys(db: Queryable): Promise<ServiceKeyView[]> {
  return (await db.query<ServiceKeyView>(`SELECT ${VIEW} FROM service_keys ORDER BY created_at DESC, id`)).rows;
}

/** Revokes a key by id; false when there is no such key. Takes effect on the next request. */
export async function revokeServiceKey(db: Queryable, clock: Clock, id: string): Promise<boolean> {
  const { rowCount } = await db.query('UPDATE service_keys SET revoked_at = coalesce(revoked_at, $2) WHERE id = $1', [id, clock.now()]);
  return (rowCount ?? 0) > 0;
}
