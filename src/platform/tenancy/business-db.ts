import type pg from 'pg';
import { TenancyError } from './tenancy-error.js';
import { LeadingStatementsQuery, type LeadingStatement } from '../db/leading-statements-query.js';
import { tenantTransactionStorage, type TenantTransaction } from './tenant-context.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface BusinessDbOptions {
  /** Called when a post-commit side effect throws; the commit itself stands. */
  readonly onEffectError?: (error: unknown) => void;
  /** Sees every statement a unit sends, before it goes (the query-plan test collects them this way). */
  readonly onStatement?: (statement: TenantStatement) => void;
}

export interface TenantStatement {
  readonly tenantId: string;
  readonly text: string;
  readonly values: readonly unknown[] | undefined;
}

export interface TenantUnitOptions {
  /**
   * The unit only reads. Each statement then runs as its own implicit transaction, the tenant
   * setting and `transaction_read_only` set in front of it under the same Sync: one round trip,
   * no BEGIN, no COMMIT. PostgreSQL refuses any write in it (SQLSTATE 25006). Statements see
   * what READ COMMITTED shows them anyway (a snapshot per statement); no lock outlives its statement.
   */
  readonly readOnly?: boolean;
}

/** Sent in front of the first statement of a read-write unit; tenantId is a validated UUID, so inlining cannot inject SQL. */
function beginFor(tenantId: string): LeadingStatement[] {
  // SET LOCAL is set_config(…, true) without a planned SELECT and a result row to parse.
  return [{ text: 'BEGIN' }, { text: `SET LOCAL app.tenant_id = '${tenantId}'` }];
}

/** SET LOCAL outside BEGIN warns and SET TRANSACTION too; set_config(…, true) is silent and local to the implicit transaction. */
const READ_ONLY_TENANT = "SELECT set_config('app.tenant_id', $1, true), set_config('transaction_read_only', 'on', true)";

/**
 * The only way to touch tenant data: `withTenant(tenantId, work)` runs the work in a transaction
 * on the runtime-role pool, bound to one tenant by a transaction-local `app.tenant_id`, commits,
 * then runs the side effects the work queued. RLS policies read that setting, so a query outside
 * withTenant sees no rows and cannot write.
 *
 * Round trips: the transaction opens with the unit's first statement (BEGIN, the tenant setting
 * and that statement travel under one Sync, see LeadingStatementsQuery), so a read-write unit of one
 * statement costs two round trips (that one and COMMIT); a `readOnly` unit costs one per statement.
 */
export class BusinessDb {
  readonly #pool: pg.Pool;
  readonly #onEffectError: (error: unknown) => void;
  readonly #onStatement: ((statement: TenantStatement) => void) | undefined;

  constructor(pool: pg.Pool, options: BusinessDbOptions = {}) {
    this.#pool = pool;
    this.#onEffectError = options.onEffectError ?? (() => undefined);
    this.#onStatement = options.onStatement;
  }

  async withTenant<T>(tenantId: string, work: (tx: TenantTransaction) => Promise<T>, options: TenantUnitOptions = {}): Promise<T> {
    if (typeof tenantId !== 'string' || !UUID.test(tenantId)) {
      throw new TenancyError('tenant.invalid_id', 'withTenant needs a lower-case UUID tenant id');
    }
    const readOnly = options.readOnly === true;
    const outer = tenantTransactionStorage.getStore() as UnitTransaction | undefined;
    if (outer) {
      // Joining keeps one atomic unit; switching tenants inside it would mix two tenants' writes.
      if (outer.tenantId !== tenantId) {
        throw new TenancyError('tenant.context_conflict', 'withTenant was called for another tenant inside a tenant transaction');
      }
      if (outer.readOnly && !readOnly) {
        throw new TenancyError('tenant.read_only', 'A read-write unit cannot join a read-only tenant unit');
      }
      return work(outer);
    }

    const client = await this.#pool.connect();
    const effects: Array<() => Promise<void> | void> = [];
    const inFlight = new Set<Promise<unknown>>();
    let open = true;
    let begun = false;

    const send = (text: string, values: readonly unknown[] | undefined): Promise<pg.QueryResult> => {
      this.#onStatement?.({ tenantId, text, values });
      let leading: LeadingStatement[] | null = null;
      if (readOnly) leading = [{ text: READ_ONLY_TENANT, values: [tenantId] }];
      else if (!begun) {
        begun = true; // decided now, so statements issued concurrently queue behind the BEGIN on the same connection
        leading = beginFor(tenantId);
      }
      const sent = leading
        ? new Promise<pg.QueryResult>((resolve, reject) => {
            const bound = new LeadingStatementsQuery(leading, text, values, (error, result) => (error ? reject(error) : resolve(result)));
            void client.query(bound as unknown as pg.Submittable);
          })
        : client.query(text, values as unknown[] | undefined);
      inFlight.add(sent);
      const settle = () => inFlight.delete(sent);
      sent.then(settle, settle);
      return sent;
    };

    const transaction: UnitTransaction = {
      tenantId,
      readOnly,
      query: (text, values) => {
        if (!open) return Promise.reject(new TenancyError('tenant.transaction_closed', 'This tenant transaction has already ended'));
        return send(text, values) as Promise<pg.QueryResult<never>>;
      },
      afterCommit: (effect) => {
        if (!open) throw new TenancyError('tenant.transaction_closed', 'This tenant transaction has already ended');
        effects.push(effect);
      },
    };

    let result: T;
    try {
      result = await tenantTransactionStorage.run(transaction, () => work(transaction));
      open = false;
      await Promise.allSettled(inFlight); // a statement the work did not await still belongs to this unit
      if (begun) await client.query('COMMIT');
    } catch (error) {
      open = false;
      try {
        await Promise.allSettled(inFlight);
        if (begun) await client.query('ROLLBACK');
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

interface UnitTransaction extends TenantTransaction {
  readonly readOnly: boolean;
}
