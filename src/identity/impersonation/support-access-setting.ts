import type { FastifyRequest } from 'fastify';
import { appendAudit } from '../../platform/audit/index.js';
import type { IdentityDeps } from '../identity-deps.js';
import { lockTenantAsManager } from '../tenants/tenant-access.js';

/** Whether the tenant asks that support access wait for its approval (default: no). */
export async function supportAccessNeedsApproval(deps: Pick<IdentityDeps, 'db'>, tenantId: string): Promise<boolean> {
  const { rows } = await deps.db.query<{ needs: boolean }>('SELECT support_access_needs_approval AS needs FROM tenants WHERE id = $1', [tenantId]);
  return rows[0]?.needs ?? false;
}

/** An owner or admin turns approval on or off; audited, so the tenant sees who changed it. */
export async function setSupportAccessNeedsApproval(
  deps: IdentityDeps,
  input: { userId: string; tenantId: string | null; needsApproval: boolean; request: FastifyRequest },
): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const { tenantId } = await lockTenantAsManager(tx, { userId: input.userId, tenantId: input.tenantId });
    const changed = await tx.query('UPDATE tenants SET support_access_needs_approval = $2 WHERE id = $1 AND support_access_needs_approval <> $2', [tenantId, input.needsApproval]);
    if (changed.rowCount === 0) return;
    await appendAudit(
      tx,
      {
        actor: { type: 'user', id: input.userId },
        action: 'tenant.support_access.approval_changed',
        target: { type: 'tenant', id: tenantId },
        tenantId,
        clientAddress: input.request.ip,
        metadata: { needsApproval: input.needsApproval },
      },
      now,
    );
  });
}
