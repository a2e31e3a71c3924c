import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors/index.js';
import { currentTenantTransaction } from '../tenancy/index.js';

export interface IdempotentResult<T> {
  readonly status: number;
  readonly body: T;
  /** True when this is the stored result of an earlier request with the same key. */
  readonly replayed: boolean;
}

const KEY = /^[\x21-\x7e]{1,255}$/;

/** The request's `Idempotency-Key` header, validated, or undefined when absent. */
export function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  const raw = request.headers['idempotency-key'];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !KEY.test(raw)) throw new AppError('request.idempotency_key_invalid');
  return raw;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * Runs a create at most once per tenant, scope and key (control 22), inside the caller's tenant
 * transaction. The key row is inserted first: concurrent repeats wait on its unique index, and
 * once the first commits they read its stored result instead of creating (and firing) again.
 * The same key with another body is refused (422); without a key the create just runs.
 */
export async function runIdempotent<T>(
  options: { scope: string; key: string | undefined; requestBody: unknown; status: number },
  create: () => Promise<T>,
): Promise<IdempotentResult<T>> {
  if (options.key === undefined) return { status: options.status, body: await create(), replayed: false };
  const tx = currentTenantTransaction();
  const requestHash = createHash('sha256').update(canonical(options.requestBody)).digest('hex');
  const claimed = await tx.query(
    `INSERT INTO idempotency_keys (tenant_id, scope, key, request_hash, response_status, response_body)
     VALUES ($1, $2, $3, $4, 0, 'null') ON CONFLICT (tenant_id, scope, key) DO NOTHING RETURNING key`,
    [tx.tenantId, options.scope, options.key, requestHash],
  );
  if (claimed.rows.length === 0) {
    const { rows } = await tx.query<{ request_hash: string; response_status: number; response_body: T }>(
      'SELECT request_hash, response_status, response_body FROM idempotency_keys WHERE scope = $1 AND key = $2',
      [options.scope, options.key],
    );
    const first = rows[0]!;
    if (first.request_hash !== requestHash) throw new AppError('request.idempotency_key_reused');
    return { status: first.response_status, body: first.response_body, replayed: true };
  }
  const body = await create();
  await tx.query('UPDATE idempotency_keys SET response_status = $3, response_body = $4 WHERE scope = $1 AND key = $2', [
    options.scope,
    options.key,
    options.status,
    JSON.stringify(body),
  ]);
  return { status: options.status, body, replayed: false };
}
