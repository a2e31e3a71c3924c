import type { FastifyRequest } from 'fastify';
import { appendAudit } from '../../platform/audit/index.js';
import { AppError } from '../../platform/errors/index.js';
import type { IdentityDeps } from '../identity-deps.js';
import type { SessionClaims } from '../sessions/session-token.js';
import { startSupportAccessSession } from '../sessions/support-access-session.js';
import { lockImpersonationEvent, REQUEST_TTL_MS } from './impersonation-events.js';
import { mailSupportAccessRequest } from './support-access-mail.js';

export interface StartImpersonationInput {
  readonly actor: Pick<SessionClaims, 'sub' | 'amr'>;
  readonly tenantId: string;
  readonly reason: string;
  readonly minutes: number;
  readonly request: FastifyRequest;
}

/** A started impersonation comes with its session; a request waiting for approval without one. */
export type StartOutcome =
  | { readonly kind: 'started'; readonly eventId: string; readonly session: { token: string; refreshToken: string } }
  | { readonly kind: 'requested'; readonly eventId: string };

const PERMISSION = 'users:impersonate';

/**
 * A platform admin enters a tenant as support. When the tenant does not ask for approval the
 * event starts at once with its session; otherwise it is a request its owners and admins are
 * mailed about, and nothing starts until one of them approves. The event, its session and the
 * audit entry commit together.
 */
export async function startImpersonation(deps: IdentityDeps, input: StartImpersonationInput): Promise<StartOutcome> {
  const now = deps.clock.now();
  const outcome = await deps.db.transaction(async (tx) => {
    const { rows } = await tx.query<{ name: string; needs_approval: boolean; disabled: boolean }>(
      'SELECT name, support_access_needs_approval AS needs_approval, disabled_at IS NOT NULL AS disabled FROM tenants WHERE id = $1 FOR SHARE',
      [input.tenantId],
    );
    const tenant = rows[0];
    if (!tenant) throw new AppError('impersonation.tenant_not_found');
    // A disabled tenant is closed to everyone, support included: enable it first if that is the point.
    if (tenant.disabled) throw new AppError('tenant.disabled');
    const expiresAt = new Date(now.getTime() + input.minutes * 60_000);
    const status = tenant.needs_approval ? 'requested' : 'active';
    const inserted = await tx.query<{ id: string }>(
      `INSERT INTO impersonation_events (actor_id, tenant_id, reason, minutes, status, requested_at, request_expires_at, started_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [input.actor.sub, input.tenantId, input.reason, input.minutes, status, now, new Date(now.getTime() + REQUEST_TTL_MS), tenant.needs_approval ? null : now, tenant.needs_approval ? null : expiresAt],
    );
    const eventId = inserted.rows[0]!.id;
    await appendAudit(tx, auditEntry(input, eventId, tenant.needs_approval ? 'impersonation.requested' : 'impersonation.started', { minutes: input.minutes, reason: input.reason }), now);
    if (tenant.needs_approval) return { kind: 'requested' as const, eventId };
    const session = await startSupportAccessSession(tx, deps, { eventId, actorId: input.actor.sub, tenantId: input.tenantId, amr: input.actor.amr, expiresAt, request: input.request });
    return { kind: 'started' as const, eventId, session, tenantName: tenant.name };
  });
  if (outcome.kind === 'requested') await mailSupportAccessRequest(deps, outcome.eventId);
  // As a launch does: support may be the first to write in a tenant whose mirror failed at sign-up.
  else await deps.mirrorTenant({ id: input.tenantId, name: outcome.tenantName });
  return outcome;
}

/**
 * Starts an approved request: only its own admin, only inside the approval window. The time box
 * runs from now, as asked in the request.
 */
export async function startApprovedImpersonation(deps: IdentityDeps, input: { actor: Pick<SessionClaims, 'sub' | 'amr'>; eventId: string; request: FastifyRequest }): Promise<StartOutcome> {
  const now = deps.clock.now();
  const started = await deps.db.transaction(async (tx) => {
    const event = await lockImpersonationEvent(tx, input.eventId);
    if (event.actor_id !== input.actor.sub) throw new AppError('impersonation.not_found');
    if (event.status !== 'approved' || !event.approval_expires_at || event.approval_expires_at <= now) throw new AppError('impersonation.not_startable');
    const tenant = await tx.query<{ name: string }>('SELECT name FROM tenants WHERE id = $1 AND disabled_at IS NULL FOR SHARE', [event.tenant_id]);
    if (!tenant.rows[0]) throw new AppError('tenant.disabled');
    const expiresAt = new Date(now.getTime() + event.minutes * 60_000);
    await tx.query(`UPDATE impersonation_events SET status = 'active', started_at = $2, expires_at = $3 WHERE id = $1`, [event.id, now, expiresAt]);
    await appendAudit(tx, auditEntry({ actor: input.actor, tenantId: event.tenant_id, request: input.request }, event.id, 'impersonation.started', { minutes: event.minutes }), now);
    const session = await startSupportAccessSession(tx, deps, { eventId: event.id, actorId: input.actor.sub, tenantId: event.tenant_id, amr: input.actor.amr, expiresAt, request: input.request });
    return { outcome: { kind: 'started' as const, eventId: event.id, session }, tenant: { id: event.tenant_id, name: tenant.rows[0].name } };
  });
  await deps.mirrorTenant(started.tenant);
  return started.outcome;
}

function auditEntry(input: { actor: { sub: string }; tenantId: string; request: FastifyRequest }, eventId: string, action: string, metadata: Record<string, string | number>) {
  return {
    actor: { type: 'user' as const, id: input.actor.sub },
    action,
    permission: PERMISSION,
    target: { type: 'impersonation', id: eventId },
    tenantId: input.tenantId,
    clientAddress: input.request.ip,
    metadata,
  };
}
