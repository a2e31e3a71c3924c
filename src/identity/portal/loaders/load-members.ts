import { AppError } from '../../../platform/errors/index.js';
import type { Page, PageRequest } from '../../../platform/paging/index.js';
import type { QuotaUsage } from '../../../platform/quotas/index.js';
import type { IdentityDeps } from '../../identity-deps.js';
import { listInvitations, listMembers, type PendingInvitation, type TenantMembers } from '../../tenants/index.js';
import { tenantQuotaUsage } from '../../tenants/tenant-quotas.js';

export interface MembersPageData extends TenantMembers {
  /** Owners and admins only: pending invitations and the tenant's usage against its quotas. */
  readonly management: { readonly invitations: Page<PendingInvitation>; readonly usage: readonly QuotaUsage[] } | null;
}

/** The members page of the active tenant, or null when the viewer is no longer a member of it. */
export async function loadMembers(
  deps: Pick<IdentityDeps, 'db' | 'clock' | 'quotas' | 'appQuotaUsage'>,
  tenantId: string,
  viewerId: string,
  pages: { readonly members: PageRequest; readonly invitations: PageRequest },
): Promise<MembersPageData | null> {
  const actor = { userId: viewerId, tenantId };
  let members: TenantMembers;
  try {
    members = await listMembers(deps.db, actor, pages.members);
  } catch (error) {
    if (error instanceof AppError && error.code === 'auth.not_a_member') return null;
    throw error;
  }
  if (members.viewerRole === 'member') return { ...members, management: null };
  const [invitations, identityUsage, appUsage] = await Promise.all([
    listInvitations(deps.db, deps.clock, actor, pages.invitations),
    tenantQuotaUsage(deps.db, deps.quotas, deps.clock, tenantId),
    deps.appQuotaUsage(tenantId),
  ]);
  return { ...members, management: { invitations, usage: [...identityUsage, ...appUsage] } };
}
