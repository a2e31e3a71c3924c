import type { FastifyRequest } from 'fastify';
import { appendAudit } from '../../platform/audit/index.js';
import { AppError } from '../../platform/errors/index.js';
import type { IdentityDeps } from '../identity-deps.js';
import { lockImpersonationEvent } from './impersonation-events.js';

/**
 * Ends support access early: by the admin from their own session, or from the banner of the
 * impersonation session itself. Its session is revoked in the same transaction, and the event
 * is read on every request, so the next request made with it is refused.
 */
export async function endImpersonation(
  deps: IdentityDeps,
  input: { userId: string; eventId: string; request: FastifyRequest; permission: string | null },
): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const event = await lockImpersonationEvent(tx, input.eventId);
    if (event.actor_id !== input.userId) throw new AppError('impersonation.not_found');
    // An approved request nobody started can be withdrawn the same way; a finished one cannot.
    const open = event.status === 'active' ? event.expires_at! > now : event.status === 'requested' || event.status === 'approved';
    if (!open) throw new AppError('impersonation.already_ended');
    await tx.query(`UPDATE impersonation_events SET status = 'ended', ended_at = $2, ended_by = $3 WHERE id = $1`, [event.id, now, input.userId]);
    await tx.query('UPDATE sessions SET revoked_at = $2 WHERE impersonation_event_id = $1 AND revoked_at IS NULL', [event.id, now]);
    await appendAudit(
      tx,
      {
        actor: { type: 'user', id: input.userId },
        action: 'impersonation.ended',
        permission: input.permission,
        target: { type: 'impersonation', id: event.id },
        tenantId: event.tenant_id,
        clientAddress: input.request.ip,
        metadata: { early: true },
      },
      now,
    );
  });
}
