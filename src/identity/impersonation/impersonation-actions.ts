import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Clock } from '../../platform/clock.js';
import type { Queryable } from '../../platform/db/index.js';
import { readPage, type Page, type PageRequest } from '../../platform/paging/index.js';

export interface ImpersonationAction {
  readonly id: string;
  readonly method: string;
  readonly route: string;
  readonly statusCode: number | null;
  readonly occurredAt: Date;
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const recorded = new WeakMap<FastifyRequest, Promise<string>>();

/**
 * Records every state-changing request made under support access, whichever part of the suite
 * serves it: the row is written before the handler runs (if it cannot be written, the request
 * fails, so no action goes untraced) and its status is filled in once the answer has gone out.
 * The path is kept without its query string (emailed links carry tokens there).
 */
export function recordSupportAccessActions(app: FastifyInstance, deps: { db: Queryable; clock: Clock }): void {
  app.addHook('preHandler', async (request) => {
    const access = request.principal?.supportAccess;
    if (!access || READ_METHODS.has(request.method)) return;
    const path = (request.url.split('?')[0] ?? '').slice(0, 300);
    const insert = deps.db
      .query<{ id: string }>('INSERT INTO impersonation_actions (event_id, method, route, occurred_at) VALUES ($1, $2, $3, $4) RETURNING id', [access.eventId, request.method, path, deps.clock.now()])
      .then(({ rows }) => rows[0]!.id);
    recorded.set(request, insert);
    await insert;
  });
  app.addHook('onResponse', async (request, reply) => {
    const pending = recorded.get(request);
    if (!pending) return;
    // A failed insert already failed its request (the preHandler threw): nothing to complete.
    const id = await pending.catch(() => null);
    if (id === null) return;
    await deps.db.query('UPDATE impersonation_actions SET status_code = $2 WHERE id = $1', [id, reply.statusCode]);
  });
}

/** What was done under one event, oldest first. */
export async function listImpersonationActions(db: Queryable, eventId: string, page: PageRequest): Promise<Page<ImpersonationAction>> {
  return readPage({
    order: { keys: ['occurred_at', 'id'] },
    page,
    firstParam: 2,
    fetch: async (keyset) =>
      (
        await db.query<{ id: string; method: string; route: string; status_code: number | null; occurred_at: Date; occurred: string }>(
          `SELECT id::text, method, route, status_code, occurred_at, occurred_at::text AS occurred FROM impersonation_actions
           WHERE event_id = $1 AND ${keyset.where} ORDER BY ${keyset.orderBy} LIMIT ${keyset.limit}`,
          [eventId, ...keyset.params],
        )
      ).rows,
    keyOf: (row) => [row.occurred, row.id],
    toItem: (row) => ({ id: row.id, method: row.method, route: row.route, statusCode: row.status_code, occurredAt: row.occurred_at }),
  });
}
