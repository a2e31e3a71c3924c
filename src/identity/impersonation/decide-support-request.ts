import type { FastifyRequest } from 'fastify';
import { appendAudit } from '../../platform/audit/index.js';
import { AppError } from '../../platform/errors/index.js';
import type { IdentityDeps } from '../identity-deps.js';
import { lockTenantAsManager } from '../tenants/tenant-access.js';
import { APPROVAL_WINDOW_MS, lockImpersonationEvent } from './impersonation-events.js';

/**
 * A tenant's owner or admin answers a support access request. The event is looked up within the
 * caller's active tenant only (another tenant's request is "not found"), the role is re-read
 * under the tenant lock, and only a request still waiting and not expired can be answered. An
 * approval is time-boxed: the admin must start within the approval window.
 */
export async function decideSupportRequest(
  deps: IdentityDeps,
  input: { userId: string; tenantId: string | null; eventId: string; decision: 'approve' | 'deny'; request: FastifyRequest },
): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const { tenantId } = await lockTenantAsManager(tx, { userId: input.userId, tenantId: input.tenantId });
    const event = await lockImpersonationEvent(tx, input.eventId, tenantId);
    if (event.status !== 'requested' || event.request_expires_at <= now) throw new AppError('impersonation.not_pending');
    const approved = input.decision === 'approve';
    // An admin who also manages the tenant must not be the one who says yes to their own request.
    if (approved && event.actor_id === input.userId) throw new AppError('impersonation.self_approval');
    await tx.query(
      `UPDATE impersonation_events SET status = $2, decided_at = $3, decided_by = $4, approval_expires_at = $5 WHERE id = $1`,
      [event.id, approved ? 'approved' : 'denied', now, input.userId, approved ? new Date(now.getTime() + APPROVAL_WINDOW_MS) : null],
    );
    await appendAudit(
      tx,
      {
        actor: { type: 'user', id: input.userId },
        action: approved ? 'impersonation.approved' : 'impersonation.denied',
        target: { type: 'impersonation', id: event.id },
        tenantId,
        clientAddress: input.request.ip,
        metadata: { actor: event.actor_id },
      },
      now,
    );
  });
}
