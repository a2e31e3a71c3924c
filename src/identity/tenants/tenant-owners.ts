import { AppError } from '../../platform/errors/index.js';
import type { Queryable } from '../../platform/db/index.js';
import type { TenantRole } from './tenant-access.js';

/** The target's role in the tenant, or `member.not_found` (another tenant's user looks the same). */
export async function memberRole(tx: Queryable, tenantId: string, userId: string): Promise<TenantRole> {
  const { rows } = await tx.query<{ role: TenantRole }>('SELECT role FROM memberships WHERE tenant_id = $1 AND user_id = $2', [tenantId, userId]);
  if (!rows[0]) throw new AppError('member.not_found');
  return rows[0].role;
}

/** Refuses to take away the tenant's only owner. Call with the tenant locked. */
export async function assertNotLastOwner(tx: Queryable, tenantId: string): Promise<void> {
  const { rows } = await tx.query<{ owners: number }>("SELECT count(*)::int AS owners FROM memberships WHERE tenant_id = $1 AND role = 'owner'", [tenantId]);
  if ((rows[0]?.owners ?? 0) <= 1) throw new AppError('member.last_owner');
}
