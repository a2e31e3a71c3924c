import { appendAudit } from '../../platform/audit/index.js';
import { AppError } from '../../platform/errors/index.js';
import type { AdminDeps } from '../admin-deps.js';
import { adminAuditEntry, type ActionResult, type AdminActor } from './admin-actor.js';

/** Revokes any user's personal access token (`users:manage`); refused on the very next request. */
export async function revokeTokenAsAdmin(deps: Pick<AdminDeps, 'db' | 'clock'>, actor: AdminActor, tokenId: string): Promise<ActionResult> {
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const { rows } = await tx.query<{ tenant_id: string; user_id: string; live: boolean }>(
      `WITH target AS (SELECT id, tenant_id, user_id, revoked_at IS NULL AS live FROM api_tokens WHERE id = $1 FOR UPDATE)
       UPDATE api_tokens t SET revoked_at = coalesce(t.revoked_at, $2) FROM target WHERE t.id = target.id
       RETURNING target.tenant_id, target.user_id, target.live`,
      [tokenId, now],
    );
    const token = rows[0];
    if (!token) throw new AppError('api_token.not_found');
    if (!token.live) return { changed: false };
    const entry = adminAuditEntry(actor, 'users:manage', 'admin.api_token.revoked', { type: 'api_token', id: tokenId }, { tenantId: token.tenant_id, metadata: { user_id: token.user_id } });
    await appendAudit(tx, entry, now);
    return { changed: true };
  });
}
