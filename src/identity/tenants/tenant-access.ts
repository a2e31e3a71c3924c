import { AppError } from '../../platform/errors/index.js';
import type { Queryable } from '../../platform/db/index.js';

export const TENANT_ROLES = ['owner', 'admin', 'member'] as const;
export type TenantRole = (typeof TENANT_ROLES)[number];

/** Who is acting, and in which tenant: the session's user and its active tenant (`tid`). */
export interface TenantActor {
  readonly userId: string;
  readonly tenantId: string | null;
}

export interface TenantMembership {
  readonly tenantId: string;
  readonly role: TenantRole;
}

/**
 * The actor's role in their active tenant, read from the database rather than the token: a
 * role the token still carries for up to ten minutes after a demotion or removal grants nothing.
 * Pass a transaction that has locked the tenant when the answer guards a change.
 */
export async function requireMembership(db: Queryable, actor: TenantActor): Promise<TenantMembership> {
  if (!actor.tenantId) throw new AppError('auth.tenant_required');
  const { rows } = await db.query<{ role: TenantRole }>('SELECT role FROM memberships WHERE tenant_id = $1 AND user_id = $2', [actor.tenantId, actor.userId]);
  const role = rows[0]?.role;
  if (!role) throw new AppError('auth.not_a_member');
  return { tenantId: actor.tenantId, role };
}

/** Like `requireMembership`, for owners and admins only: members may look but not change. */
export async function requireManager(db: Queryable, actor: TenantActor): Promise<TenantMembership & { role: 'owner' | 'admin' }> {
  const membership = await requireMembership(db, actor);
  if (membership.role === 'member') throw new AppError('member.manage_forbidden');
  return membership as TenantMembership & { role: 'owner' | 'admin' };
}

/**
 * `requireManager` inside a transaction that first locks the tenant row. Changes to one tenant's
 * memberships and invitations run one at a time, so two owners demoting each other at once
 * cannot both pass the last-owner check, and a manager demoted a moment ago is seen as such.
 */
export async function lockTenantAsManager(tx: Queryable, actor: TenantActor): Promise<TenantMembership & { role: 'owner' | 'admin' }> {
  if (!actor.tenantId) throw new AppError('auth.tenant_required');
  await tx.query('SELECT id FROM tenants WHERE id = $1 FOR UPDATE', [actor.tenantId]);
  return requireManager(tx, actor);
}

/** Granting the owner role, or changing or removing an owner, is for owners only. */
export function assertMayTouchOwners(actorRole: 'owner' | 'admin', ...roles: TenantRole[]): void {
  if (actorRole !== 'owner' && roles.includes('owner')) throw new AppError('member.owner_required');
}
