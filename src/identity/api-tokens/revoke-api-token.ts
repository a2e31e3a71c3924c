import { appendAudit } from '../../platform/audit/index.js';
import type { Clock } from '../../platform/clock.js';
import type { IdentityDb, Queryable } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors/index.js';
import { requireManager, type TenantActor } from '../tenants/tenant-access.js';

/** Revokes one of the acting user's own tokens. Another user's token id answers as unknown. */
export async function revokeOwnApiToken(db: IdentityDb, clock: Clock, userId: string, tokenId: string): Promise<void> {
  await db.transaction((tx) => revokeWhere(tx, clock, userId, tokenId, 'user_id = $2', userId));
}

/** A tenant owner or admin revokes a member's token for that tenant; tokens of other tenants answer as unknown. */
export async function revokeTenantApiToken(db: IdentityDb, clock: Clock, actor: TenantActor, tokenId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const { tenantId } = await requireManager(tx, actor);
    await revokeWhere(tx, clock, actor.userId, tokenId, 'tenant_id = $2', tenantId);
  });
}

/**
 * Revokes the token if `scope` matches it, with its audit entry in the same transaction. A token
 * revoked before stays revoked and is not audited twice; one outside the scope is unknown.
 */
async function revokeWhere(tx: Queryable, clock: Clock, actorId: string, tokenId: string, scope: 'user_id = $2' | 'tenant_id = $2', scopeId: string): Promise<void> {
  const now = clock.now();
  const { rows } = await tx.query<{ tenant_id: string; revoked_now: boolean }>(
    `WITH target AS (SELECT id, tenant_id, revoked_at IS NULL AS live FROM api_tokens WHERE id = $1 AND ${scope} FOR UPDATE)
     UPDATE api_tokens t SET revoked_at = coalesce(t.revoked_at, $3) FROM target WHERE t.id = target.id
     RETURNING t.tenant_id, target.live AS revoked_now`,
    [tokenId, scopeId, now],
  );
  const token = rows[0];
  if (!token) throw new AppError('api_token.not_found');
  if (!token.revoked_now) return;
  await appendAudit(tx, { actor: { type: 'user', id: actorId }, action: 'api_token.revoked', target: { type: 'api_token', id: tokenId }, tenantId: token.tenant_id }, now);
}
