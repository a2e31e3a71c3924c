import type { Clock } from '../../platform/clock.js';
import type { Queryable } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors/index.js';
import { readPage, type Page, type PageRequest } from '../../platform/paging/index.js';

/** The longest time box support access may ask for. */
export const MAX_IMPERSONATION_MINUTES = 60;
/** An unanswered request for approval expires after a day. */
export const REQUEST_TTL_MS = 24 * 3600_000;
/** An approval is good for starting within the hour after it was given. */
export const APPROVAL_WINDOW_MS = 60 * 60_000;

/** What an event shows as: the stored status, with expiry read from its times at this instant. */
export type ImpersonationStatus = 'requested' | 'approved' | 'denied' | 'active' | 'ended' | 'expired';

export interface ImpersonationEvent {
  readonly id: string;
  readonly tenantId: string;
  readonly tenantName: string;
  readonly actorId: string;
  readonly actorEmail: string;
  readonly reason: string;
  readonly minutes: number;
  readonly status: ImpersonationStatus;
  readonly requestedAt: Date;
  readonly requestExpiresAt: Date;
  readonly decidedAt: Date | null;
  readonly decidedByEmail: string | null;
  readonly approvalExpiresAt: Date | null;
  readonly startedAt: Date | null;
  readonly expiresAt: Date | null;
  readonly endedAt: Date | null;
}

interface EventRow {
  id: string;
  tenant_id: string;
  tenant_name: string;
  actor_id: string;
  actor_email: string;
  reason: string;
  minutes: number;
  shown_status: ImpersonationStatus;
  requested_at: Date;
  requested: string;
  request_expires_at: Date;
  decided_at: Date | null;
  decided_by_email: string | null;
  approval_expires_at: Date | null;
  started_at: Date | null;
  expires_at: Date | null;
  ended_at: Date | null;
}

/** `$1` is the clock's now: a request or approval past its window has expired, an active event past its time box has ended. */
const EVENT_SELECT = `
  SELECT e.id, e.tenant_id, t.name AS tenant_name, e.actor_id, a.email AS actor_email, e.reason, e.minutes,
    CASE
      WHEN e.status = 'requested' AND e.request_expires_at <= $1 THEN 'expired'
      WHEN e.status = 'approved' AND e.approval_expires_at <= $1 THEN 'expired'
      WHEN e.status = 'active' AND e.expires_at <= $1 THEN 'ended'
      ELSE e.status END AS shown_status,
    e.requested_at, e.requested_at::text AS requested, e.request_expires_at, e.decided_at, d.email AS decided_by_email,
    e.approval_expires_at, e.started_at, e.expires_at, e.ended_at
  FROM impersonation_events e
  JOIN tenants t ON t.id = e.tenant_id
  JOIN users a ON a.id = e.actor_id
  LEFT JOIN users d ON d.id = e.decided_by`;

function toEvent(row: EventRow): ImpersonationEvent {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    tenantName: row.tenant_name,
    actorId: row.actor_id,
    actorEmail: row.actor_email,
    reason: row.reason,
    minutes: row.minutes,
    status: row.shown_status,
    requestedAt: row.requested_at,
    requestExpiresAt: row.request_expires_at,
    decidedAt: row.decided_at,
    decidedByEmail: row.decided_by_email,
    approvalExpiresAt: row.approval_expires_at,
    startedAt: row.started_at,
    expiresAt: row.expires_at,
    endedAt: row.ended_at,
  };
}

/** One event; with `tenantId`, only if it is about that tenant (a tenant admin never sees another's). */
export async function findImpersonationEvent(db: Queryable, clock: Clock, id: string, tenantId?: string): Promise<ImpersonationEvent> {
  const { rows } = await db.query<EventRow>(`${EVENT_SELECT} WHERE e.id = $2 AND ($3::uuid IS NULL OR e.tenant_id = $3)`, [clock.now(), id, tenantId ?? null]);
  if (!rows[0]) throw new AppError('impersonation.not_found');
  return toEvent(rows[0]);
}

/**
 * Events newest first: of one tenant, or (for platform admins) of every tenant; with `pending`,
 * only the requests still waiting for an answer.
 */
export async function listImpersonationEvents(
  db: Queryable,
  clock: Clock,
  scope: { tenantId: string | null; pending?: boolean },
  page: PageRequest,
): Promise<Page<ImpersonationEvent>> {
  return readPage({
    order: { keys: ['e.requested_at', 'e.id'], descending: true },
    page,
    firstParam: 4,
    fetch: async (keyset) =>
      (
        await db.query<EventRow>(
          `${EVENT_SELECT} WHERE ($2::uuid IS NULL OR e.tenant_id = $2)
             AND (NOT $3::boolean OR (e.status = 'requested' AND e.request_expires_at > $1))
             AND ${keyset.where} ORDER BY ${keyset.orderBy} LIMIT ${keyset.limit}`,
          [clock.now(), scope.tenantId, scope.pending ?? false, ...keyset.params],
        )
      ).rows,
    keyOf: (row) => [row.requested, row.id],
    toItem: toEvent,
  });
}

/** The event row locked for a change, with its stored status and times (not the shown ones). */
export interface LockedEvent {
  readonly id: string;
  readonly tenant_id: string;
  readonly actor_id: string;
  readonly status: 'requested' | 'approved' | 'denied' | 'active' | 'ended';
  readonly minutes: number;
  readonly request_expires_at: Date;
  readonly approval_expires_at: Date | null;
  readonly expires_at: Date | null;
}

export async function lockImpersonationEvent(tx: Queryable, id: string, tenantId?: string): Promise<LockedEvent> {
  const { rows } = await tx.query<LockedEvent>(
    `SELECT id, tenant_id, actor_id, status, minutes, request_expires_at, approval_expires_at, expires_at
     FROM impersonation_events WHERE id = $1 AND ($2::uuid IS NULL OR tenant_id = $2) FOR UPDATE`,
    [id, tenantId ?? null],
  );
  if (!rows[0]) throw new AppError('impersonation.not_found');
  return rows[0];
}
