import type { Clock } from '../../platform/clock.js';
import type { Queryable } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors/index.js';
import { requireManager, type TenantActor } from '../tenants/tenant-access.js';

/** Revokes one of the acting user's own tokens. Another user's token id answers as unknown. */
export async function revokeOwnApiToken(db: Queryable, clock: Clock, userId: string, tokenId: string): Promise<void> {
  const { rowCount } = await db.query('UPDATE api_tokens SET revoked_at = coalesce(revoked_at, $3) WHERE id = $1 AND user_id = $2', [tokenId, userId, clock.now()]);
  if (!rowCount) throw new AppError('api_token.not_found');
}

/** A tenant owner or admin revokes a member's token for that tenant; tokens of other tenants answer as unknown. */
export async function revokeTenantApiToken(db: Queryable, clock: Clock, actor: TenantActor, tokenId: string): Promise<void> {
  const { tenantId } = await requireManager(db, actor);
  const { rowCount } = await db.query('UPDATE api_tokens SET revoked_at = coalesce(revoked_at, $3) WHERE id = $1 AND tenant_id = $2', [tokenId, tenantId, clock.now()]);
  if (!rowCount) throw new AppError('api_token.not_found');
}
