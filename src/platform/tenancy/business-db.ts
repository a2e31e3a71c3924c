import type pg from 'pg';
import { TenancyError } from './tenancy-error.js';
import { tenantTransactionStorage, type TenantTransaction } from './tenant-context.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface BusinessDbOptions {
  /** Called when a post-commit side effect throws; the commit itself stands. */
  readonly onEffectError?: (error: unknown) => void;
}

/**
 * The only way to touch tenant data: `withTenant(tenantId, work)` opens a transaction on the
 * runtime-role pool, binds it to one tenant with a transaction-local `app.tenant_id`, runs the
 * work, commits, then runs the side effects the work queued. RLS policies read that setting,
 * so a query outside withTenant sees no rows and cannot write.
 */
export class BusinessDb {
  readonly #pool: pg.Pool;
  readonly #onEffectError: (error: unknown) => void;

  constructor(pool: pg.Pool, options: BusinessDbOptions = {}) {
    this.#pool = pool;
    this.#onEffectError = options.onEffectError ?? (() => undefined);
  }

  async withTenant<T>(tenantId: string, work: (tx: TenantTransaction) => Promise<T>): Promise<T> {
    if (typeof tenantId !== 'string' || !UUID.test(tenantId)) {
      throw new TenancyError('tenant.invalid_id', 'withTenant needs a lower-case UUID tenant id');
    }
    const outer = tenantTransactionStorage.getStore();
    if (outer) {
      // Joining keeps one atomic unit; switching tenants inside it would mix two tenants' writes.
      if (outer.tenantId !== tenantId) {
        throw new TenancyError('tenant.context_conflict', 'withTenant was called for another tenant inside a tenant transaction');
      }
      return work(outer);
    }

    const client = await this.#pool.connect();
    const effects: Array<() => Promise<void> | void> = [];
    let open = true;
    const transaction: TenantTransaction = {
      tenantId,
      query: (text, values) => {
        if (!open) return Promise.reject(new TenancyError('tenant.transaction_closed', 'This tenant transaction has already ended'));
        return client.query(text, values as unknown[] | undefined);
      },
      afterCommit: (effect) => {
        if (!open) throw new TenancyError('tenant.transaction_closed', 'This tenant transaction has already ended');
        effects.push(effect);
      },
    };

    let result: T;
    try {
      // One round trip: BEGIN and the transaction-local tenant setting travel together.
      // SET LOCAL is set_config(…, true) without a planned SELECT and a result row to parse,
      // which makes each tenant transaction measurably cheaper (bench/README.md, tenant-read).
      // tenantId is a validated UUID, so inlining it cannot inject SQL.
      await client.query(`BEGIN; SET LOCAL app.tenant_id = '${tenantId}'`);
      result = await tenantTransactionStorage.run(transaction, () => work(transaction));
      open = false;
      await client.query('COMMIT');
    } catch (error) {
      open = false;
      try {
        await client.query('ROLLBACK');
        client.release();
      } catch (rollbackError) {
        client.release(rollbackError as Error); // a connection in an unknown state is destroyed, not reused
      }
      throw error;
    }
    client.release();

    for (const effect of effects) {
      try {
        await effect();
      } catch (error) {
        this.#onEffectError(error);
      }
    }
    return result;
  }
}
