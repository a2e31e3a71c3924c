import { AppError } from '../../platform/errors/index.js';
import type { IdentityDeps } from '../identity-deps.js';
import type { SessionClaims } from '../sessions/session-token.js';
import type { MyTenant } from './list-my-tenants.js';
import { moveSessionToTenant } from './move-session-to-tenant.js';
import type { TenantRole } from './tenant-access.js';

export interface SwitchTenantInput {
  readonly userId: string;
  readonly sessionId: string;
  readonly tenantId: string;
}

/**
 * Makes another of the user's tenants the active one. A tenant the user does not belong to is
 * refused the same way whether or not it exists.
 */
export async function switchTenant(deps: IdentityDeps, input: SwitchTenantInput): Promise<{ tenant: MyTenant; token: string; claims: SessionClaims }> {
  const { rows } = await deps.db.query<{ name: string; role: TenantRole; disabled: boolean }>(
    'SELECT t.name, m.role, t.disabled_at IS NOT NULL AS disabled FROM memberships m JOIN tenants t ON t.id = m.tenant_id WHERE m.tenant_id = $1 AND m.user_id = $2',
    [input.tenantId, input.userId],
  );
  const membership = rows[0];
  if (!membership) throw new AppError('auth.not_a_member');
  if (membership.disabled) throw new AppError('tenant.disabled');
  const issued = await moveSessionToTenant(deps, input);
  return { tenant: { id: input.tenantId, name: membership.name, role: membership.role, active: true, disabled: false }, ...issued };
}
