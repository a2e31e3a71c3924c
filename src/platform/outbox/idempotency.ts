import type { TenantVault } from '../crypto/index.js';
import { AppError } from '../errors/index.js';
import { currentTenantTransaction } from '../tenancy/index.js';

export interface IdempotentResult<T> {
  readonly status: number;
  readonly body: T;
  /** True when this is the stored result of an earlier request with the same key. */
  readonly replayed: boolean;
}

/**
 * What is kept of an answer for its repeats when the answer must not be stored as sent: one that
 * carries a secret shown once, or sensitive fields (masked or not). `keep` returns a reference
 * (an id), `restore` reads the answer again through the vault.
 */
export interface ReplayStore<T> {
  keep(body: T): unknown;
  restore(kept: unknown): Promise<T>;
}

export interface IdempotentCreate<T> {
  /** The operation (its OpenAPI operation id): keys are unique per tenant and scope. */
  readonly scope: string;
  readonly key: string | undefined;
  readonly status: number;
  /**
   * SHA-256 (hex) of the request as sent: who, to which path, with which query and body. Asked
   * for after the create, or on a repeat, so a streamed body can be hashed as it is read.
   */
  readonly fingerprint: () => Promise<string>;
  readonly replay?: ReplayStore<T>;
}

/**
 * Runs a create at most once per tenant, scope and key (control 22), inside the caller's tenant
 * transaction. The key row is inserted first: concurrent repeats wait on its primary key, and
 * once the first commits they read its stored result instead of creating (and firing) again. A
 * create that fails rolls its key back with it, so a retry runs anew. The same key with another
 * request is refused (422). Without a key the create just runs.
 *
 * The stored fingerprint is keyed per tenant (the vault's blind index): a bare hash of a body
 * holding a date of birth could be reversed by trying every date against the row's other fields.
 */
export async function runIdempotent<T>(vault: TenantVault, create: IdempotentCreate<T>, work: () => Promise<T>): Promise<IdempotentResult<T>> {
  if (create.key === undefined) return { status: create.status, body: await work(), replayed: false };
  const tx = currentTenantTransaction();
  const keyed = async () => vault.blindIndex(await create.fingerprint(), { table: 'idempotency_keys', column: 'request_hash' });
  // Nobody else sees the placeholder: the row becomes visible with the fingerprint, at commit.
  const claimed = await tx.query(
    `INSERT INTO idempotency_keys (tenant_id, scope, key, request_hash, response_status, response_body)
     VALUES ($1, $2, $3, '', 0, 'null') ON CONFLICT (tenant_id, scope, key) DO NOTHING RETURNING key`,
    [tx.tenantId, create.scope, create.key],
  );
  if (claimed.rows.length === 0) {
    const { rows } = await tx.query<{ request_hash: string; response_status: number; response_body: unknown }>(
      'SELECT request_hash, response_status, response_body FROM idempotency_keys WHERE scope = $1 AND key = $2',
      [create.scope, create.key],
    );
    const first = rows[0]!;
    if (first.request_hash !== (await keyed())) throw new AppError('request.idempotency_key_reused');
    const body = create.replay ? await create.replay.restore(first.response_body) : (first.response_body as T);
    return { status: first.response_status, body, replayed: true };
  }
  const body = await work();
  const kept = create.replay ? create.replay.keep(body) : body;
  await tx.query('UPDATE idempotency_keys SET request_hash = $3, response_status = $4, response_body = $5 WHERE scope = $1 AND key = $2', [
    create.scope,
    create.key,
    await keyed(),
    create.status,
    JSON.stringify(kept ?? null),
  ]);
  return { status: create.status, body, replayed: false };
}
