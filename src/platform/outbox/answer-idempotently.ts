import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TenantVault } from '../crypto/index.js';
import { idempotencyKeyOf, requireTenant } from '../http/index.js';
import type { BusinessDb, TenantTransaction } from '../tenancy/index.js';
import { runIdempotent, type ReplayStore } from './idempotency.js';
import { requestFingerprint } from './request-fingerprint.js';

export interface IdempotentRouteDeps {
  readonly businessDb: BusinessDb;
  readonly vault: TenantVault;
}

export interface IdempotentAnswer<T> {
  /** The success status of the create (201, or 204 for a create that answers nothing). */
  readonly status: number;
  readonly replay?: ReplayStore<T>;
  /** Defaults to the JSON request's fingerprint; a streamed body brings its own. */
  readonly fingerprint?: () => Promise<string>;
}

/** Marks an answer that is the stored result of an earlier request with the same key. */
export const IDEMPOTENT_REPLAYED_HEADER = 'idempotent-replayed';

/**
 * The one way a create route answers (control 22): its work runs in the caller's tenant
 * transaction at most once per `Idempotency-Key`, and a repeat gets the first answer. The route
 * must be declared `config.idempotentCreate`, which documents the header; the scope is its
 * operation id, so two creates never share keys.
 */
export async function answerIdempotently<T>(
  deps: IdempotentRouteDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  answer: IdempotentAnswer<T>,
  work: (tx: TenantTransaction) => Promise<T>,
): Promise<FastifyReply> {
  const { config, schema, method, url } = request.routeOptions;
  const scope = (schema as { operationId?: unknown } | undefined)?.operationId;
  if (config.idempotentCreate !== true || typeof scope !== 'string') {
    throw new Error(`${method} ${url} answers idempotently but is not declared config.idempotentCreate (with an operation id)`);
  }
  const tenantId = requireTenant(request);
  const create = { scope, key: idempotencyKeyOf(request), status: answer.status, replay: answer.replay, fingerprint: answer.fingerprint ?? (async () => requestFingerprint(request)) };
  const result = await deps.businessDb.withTenant(tenantId, (tx) => runIdempotent(deps.vault, create, () => work(tx)));
  if (result.replayed) void reply.header(IDEMPOTENT_REPLAYED_HEADER, 'true');
  return reply.status(result.status).send(result.body);
}
