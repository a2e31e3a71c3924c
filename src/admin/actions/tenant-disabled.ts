import { appendAudit } from '../../platform/audit/index.js';
import { AppError } from '../../platform/errors/index.js';
import type { AdminDeps } from '../admin-deps.js';
import { adminAuditEntry, type ActionResult, type AdminActor } from './admin-actor.js';

/**
 * Disables or enables a tenant (`tenants:manage`). Disabling revokes the sessions working in it
 * in the same transaction; its tokens are refused at once (the token resolver joins
 * `tenants.disabled_at`) and launching into it or switching to it is refused (`tenant.disabled`).
 */
export async function setTenantDisabled(deps: Pick<AdminDeps, 'db' | 'clock'>, actor: AdminActor, tenantId: string, disabled: boolean): Promise<ActionResult> {
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const { rows } = await tx.query(
      disabled
        ? 'UPDATE tenants SET disabled_at = $2 WHERE id = $1 AND disabled_at IS NULL RETURNING id'
        : 'UPDATE tenants SET disabled_at = NULL WHERE id = $1 AND disabled_at IS NOT NULL RETURNING id',
      disabled ? [tenantId, now] : [tenantId],
    );
    if (rows.length === 0) {
      const exists = await tx.query('SELECT 1 FROM tenants WHERE id = $1', [tenantId]);
      if (exists.rows.length === 0) throw new AppError('admin.tenant_not_found');
      return { changed: false };
    }
    let metadata = {};
    if (disabled) {
      const revoked = await tx.query('UPDATE sessions SET revoked_at = $2 WHERE tenant_id = $1 AND revoked_at IS NULL', [tenantId, now]);
      metadata = { sessions_revoked: revoked.rowCount ?? 0 };
    }
    const action = disabled ? 'admin.tenant.disabled' : 'admin.tenant.enabled';
    await appendAudit(tx, adminAuditEntry(actor, 'tenants:manage', action, { type: 'tenant', id: tenantId }, { tenantId, metadata }), now);
    return { changed: true };
  });
}
