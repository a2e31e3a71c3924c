import type pg from 'pg';
import type { PlatformPermission } from '../access/platform-permissions.js';
import type { Queryable } from '../db/queryable.js';
import { runInTransaction } from '../db/run-in-transaction.js';

/** Who is crossing tenant lines, under which permission, and why; recorded on every use. */
export interface CrossTenantGrant {
  readonly actorId: string;
  readonly permission: PlatformPermission;
  readonly reason: string;
}

export type CrossTenantUseRecorder = (grant: CrossTenantGrant) => Promise<void>;

/**
 * The owner-role client, which RLS does not bind. The name says it is unsafe; it is reachable
 * only through the platform-permission gate (check:security-invariants allows no other importer)
 * and every use is recorded before the work runs, so an unrecorded use cannot happen.
 */
export class UnsafeCrossTenantDb {
  readonly #pool: pg.Pool;
  readonly #recordUse: CrossTenantUseRecorder;

  constructor(ownerPool: pg.Pool, recordUse: CrossTenantUseRecorder) {
    this.#pool = ownerPool;
    this.#recordUse = recordUse;
  }

  async unsafeRunAcrossTenants<T>(grant: CrossTenantGrant, work: (db: Queryable) => Promise<T>): Promise<T> {
    if (!grant.reason.trim()) throw new Error('Cross-tenant access needs a stated reason');
    await this.#recordUse(grant);
    return runInTransaction(this.#pool, work);
  }
}
