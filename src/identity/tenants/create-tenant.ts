import type { IdentityDeps } from '../identity-deps.js';
import type { MyTenant } from './list-my-tenants.js';
import { enforceIdentityQuota } from './tenant-quotas.js';

/**
 * Creates another tenant with the user as its owner, then announces it to the business
 * database. The session stays in its current tenant; switching is a separate, explicit step.
 */
export async function createTenant(deps: IdentityDeps, input: { userId: string; name: string }): Promise<MyTenant> {
  const name = input.name.trim();
  const tenantId = await deps.db.transaction(async (tx) => {
    await enforceIdentityQuota(deps.quotas, tx, deps.clock, 'user.tenants_owned', input.userId);
    const now = deps.clock.now();
    const { rows } = await tx.query<{ id: string }>('INSERT INTO tenants (name, created_by, created_at) VALUES ($1, $2, $3) RETURNING id', [name, input.userId, now]);
    const id = rows[0]!.id;
    await tx.query("INSERT INTO memberships (tenant_id, user_id, role, created_at) VALUES ($1, $2, 'owner', $3)", [id, input.userId, now]);
    return id;
  });
  try {
    await deps.mirrorTenant({ id: tenantId, name });
  } catch (error) {
    // Identity is committed; the mirror is idempotent and re-run at launch, so creation still succeeds.
    deps.logger.error({ err: error, tenantId }, 'tenant mirror failed at tenant creation');
  }
  return { id: tenantId, name, role: 'owner', active: false, disabled: false };
}
