import { AppError } from '../../../platform/errors/index.js';
import type { IdentityDeps } from '../../identity-deps.js';
import { listMembers, type TenantMembers } from '../../tenants/index.js';

/** The members page of the active tenant, or null when the viewer is no longer a member of it. */
export async function loadMembers(deps: Pick<IdentityDeps, 'db' | 'clock'>, tenantId: string, viewerId: string): Promise<TenantMembers | null> {
  try {
    return await listMembers(deps.db, deps.clock, { userId: viewerId, tenantId });
  } catch (error) {
    if (error instanceof AppError && error.code === 'auth.not_a_member') return null;
    throw error;
  }
}
