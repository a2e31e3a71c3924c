import { appendAudit } from '../../platform/audit/index.js';
import type { Clock } from '../../platform/clock.js';
import type { IdentityDb } from '../../platform/db/index.js';
import { memberRole, assertNotLastOwner } from './tenant-owners.js';
import { assertMayTouchOwners, lockTenantAsManager, type TenantActor, type TenantRole } from './tenant-access.js';

/**
 * Changes a member's role in the actor's active tenant. Owners and admins may change roles,
 * but only an owner may make someone an owner or change an owner's role, and the last owner
 * cannot be demoted. The member's next token refresh carries the new role.
 */
export async function changeMemberRole(db: IdentityDb, clock: Clock, actor: TenantActor, input: { userId: string; role: TenantRole }): Promise<void> {
  await db.transaction(async (tx) => {
    const { tenantId, role: actorRole } = await lockTenantAsManager(tx, actor);
    const current = await memberRole(tx, tenantId, input.userId);
    assertMayTouchOwners(actorRole, current, input.role);
    if (current === input.role) return;
    if (current === 'owner') await assertNotLastOwner(tx, tenantId);
    await tx.query('UPDATE memberships SET role = $3 WHERE tenant_id = $1 AND user_id = $2', [tenantId, input.userId, input.role]);
    const entry = { type: 'user', id: input.userId } as const;
    await appendAudit(tx, { actor: { type: 'user', id: actor.userId }, action: 'tenant.member.role_changed', target: entry, tenantId, metadata: { from: current, to: input.role } }, clock.now());
  });
}
