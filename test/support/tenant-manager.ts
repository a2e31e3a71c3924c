import type { Platform } from '../../src/platform/open-platform.js';
import { createTestMember } from './identity-members.js';
import { testPrincipalHeader } from './test-resolvers.js';

export interface TestTenantUser {
  readonly tenantId: string;
  readonly userId: string;
  /** The test principal of this user in this tenant (see test-resolvers). */
  readonly headers: Record<string, string>;
}

/** A tenant on both sides (identity and the business mirror) with one user of the given role. */
export async function createTenantWithUser(platform: Platform, role: 'owner' | 'admin' | 'member' = 'owner'): Promise<TestTenantUser> {
  const member = await createTestMember(platform.identityDb, platform.clock, { role });
  await platform.businessDb.withTenant(member.tenantId, (tx) => tx.query('INSERT INTO tenants (id, name) VALUES ($1, $2)', [member.tenantId, 'Test tenant']));
  return { tenantId: member.tenantId, userId: member.id, headers: testPrincipalHeader({ tenantId: member.tenantId, subject: member.id }) };
}
