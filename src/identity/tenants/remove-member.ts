import { appendAudit } from '../../platform/audit/index.js';
import type { Clock } from '../../platform/clock.js';
import type { IdentityDb } from '../../platform/db/index.js';
import { assertNotLastOwner, memberRole } from './tenant-owners.js';
import { assertMayTouchOwners, lockTenantAsManager, type TenantActor } from './tenant-access.js';

/**
 * Removes a member from the actor's active tenant. Only an owner removes an owner, and never
 * the last one. The removed user's sessions lose the tenant at their next token refresh,
 * because tokens are re-issued from memberships (`tid` is dropped when there is none), and
 * every tenant endpoint re-reads the membership rather than trusting the token's role.
 */
export async function removeMember(db: IdentityDb, clock: Clock, actor: TenantActor, userId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const { tenantId, role: actorRole } = await lockTenantAsManager(tx, actor);
    const current = await memberRole(tx, tenantId, userId);
    assertMayTouchOwners(actorRole, current);
    if (current === 'owner') await assertNotLastOwner(tx, tenantId);
    await tx.query('DELETE FROM memberships WHERE tenant_id = $1 AND user_id = $2', [tenantId, userId]);
    await appendAudit(tx, { actor: { type: 'user', id: actor.userId }, action: 'tenant.member.removed', target: { type: 'user', id: userId }, tenantId, metadata: { role: current } }, clock.now());
  });
}
