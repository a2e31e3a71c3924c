import type { Clock } from '../../platform/clock.js';
import type { IdentityDb } from '../../platform/db/index.js';
import { appendAudit } from '../../platform/audit/index.js';
import { AppError } from '../../platform/errors/index.js';
import { lockTenantAsManager, type TenantActor } from './tenant-access.js';

/**
 * Withdraws a pending invitation of the actor's active tenant; its link stops working. An
 * invitation of another tenant answers like an unknown id.
 */
export async function revokeInvitation(db: IdentityDb, clock: Clock, actor: TenantActor, invitationId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const { tenantId } = await lockTenantAsManager(tx, actor);
    const now = clock.now();
    const revoked = await tx.query(
      'UPDATE invitations SET revoked_at = $3 WHERE id = $1 AND tenant_id = $2 AND accepted_at IS NULL AND revoked_at IS NULL',
      [invitationId, tenantId, now],
    );
    if (revoked.rowCount !== 1) throw new AppError('invitation.not_found');
    await appendAudit(tx, { actor: { type: 'user', id: actor.userId }, action: 'tenant.invitation.revoked', target: { type: 'invitation', id: invitationId }, tenantId }, now);
  });
}
