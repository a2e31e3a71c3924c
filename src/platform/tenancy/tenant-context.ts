import { AsyncLocalStorage } from 'node:async_hooks';
import type { Queryable } from '../db/queryable.js';
import { TenancyError } from './tenancy-error.js';

/** The work of one tenant-scoped transaction, as handed to callers. */
export interface TenantTransaction extends Queryable {
  readonly tenantId: string;
  /** Queues a side effect (email, webhook, fan-out) to run only once the transaction commits. */
  afterCommit(effect: () => Promise<void> | void): void;
}

export const tenantTransactionStorage = new AsyncLocalStorage<TenantTransaction>();

/** The tenant transaction this code runs inside; throws when there is none (fail closed). */
export function currentTenantTransaction(): TenantTransaction {
  const transaction = tenantTransactionStorage.getStore();
  if (!transaction) throw new TenancyError('tenant.no_context', 'No tenant transaction is active: wrap this work in withTenant()');
  return transaction;
}
