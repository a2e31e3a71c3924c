import type { AuditLog } from '../../platform/audit/index.js';
import type { Clock } from '../../platform/clock.js';
import type { TenantVault } from '../../platform/crypto/index.js';
import type { Outbox } from '../../platform/outbox/index.js';
import type { Page, PageRequest } from '../../platform/paging/index.js';
import type { QuotaGuard } from '../../platform/quotas/index.js';
import type { BusinessDb } from '../../platform/tenancy/index.js';

/** Who may be assigned a task: members of the tenant (identity knows them; the suite wires this port). */
export interface MemberDirectory {
  listMembers(tenantId: string): Promise<ReadonlyArray<{ readonly userId: string; readonly email: string }>>;
  /** One page of the tenant's active members, in the order they joined. */
  pageMembers(tenantId: string, page: PageRequest): Promise<Page<{ readonly userId: string; readonly email: string }>>;
  /** The emails of the given members (those still in the tenant): names for one page of tasks or events. */
  membersByIds(tenantId: string, userIds: readonly string[]): Promise<ReadonlyArray<{ readonly userId: string; readonly email: string }>>;
}

/** What the records app is built from: tenant data, the vault for sensitive fields, time, members. */
export interface RecordsDeps {
  readonly businessDb: BusinessDb;
  readonly vault: TenantVault;
  readonly clock: Clock;
  readonly members: MemberDirectory;
  /** Side effects (task assigned, label created) go through the transactional outbox. */
  readonly outbox: Outbox;
  /** Quotas of the tenant's records, labels, tasks, notes and imports (`quotas.enforce` before each insert). */
  readonly quotas: QuotaGuard;
  /** The platform audit log: reveals of sensitive fields are written there too. */
  readonly audit: AuditLog;
}
