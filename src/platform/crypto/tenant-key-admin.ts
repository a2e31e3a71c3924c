import type { CrossTenantGate, PlatformActor } from '../access/cross-tenant-gate.js';
import type { BusinessDb, TenantTransaction } from '../tenancy/index.js';
import { generateWrappedDataKey, needsRewrap, rewrapDataKey } from './data-key-wrapping.js';
import { DecryptionError, resealField } from './field-encryption.js';
import type { Keyring } from './keyring.js';
import type { SealedColumn } from './sealed-columns.js';
import { dataKeyId, type TenantDataKeys } from './tenant-data-keys.js';

export interface RotationProgress {
  readonly table: string;
  readonly column: string;
  readonly resealed: number;
  readonly total: number;
}

export interface RotateDataKeyOptions {
  readonly batchSize?: number;
  readonly onProgress?: (progress: RotationProgress) => void;
}

/** Sealed bytes kept outside the database (stored files), re-sealed by a rotation in the tenant's transaction. */
export interface StoredBytesResealer {
  resealAll(): Promise<{ resealed: number; unreadable: number }>;
}

export interface RotateDataKeyReport {
  readonly version: number;
  readonly resumed: boolean;
  /** Values of the sealed columns and stored files now under the new key. */
  readonly resealed: number;
  /** Values that did not open under any of the tenant's keys; the old key is kept while any remain. */
  readonly unreadable: number;
}

/** Operator actions on tenants' data keys (docs/operations/keys.md). */
export class TenantKeyAdmin {
  readonly #businessDb: BusinessDb;
  readonly #dataKeys: TenantDataKeys;
  readonly #keyring: Keyring;
  readonly #runAcrossTenants: CrossTenantGate;
  readonly #storedBytes: StoredBytesResealer | undefined;

  constructor(deps: { businessDb: BusinessDb; dataKeys: TenantDataKeys; keyring: Keyring; runAcrossTenants: CrossTenantGate; storedBytes?: StoredBytesResealer }) {
    this.#businessDb = deps.businessDb;
    this.#storedBytes = deps.storedBytes;
    this.#dataKeys = deps.dataKeys;
    this.#keyring = deps.keyring;
    this.#runAcrossTenants = deps.runAcrossTenants;
  }

  /**
   * Crypto-shredding: the tenant's wrapped keys are erased, so every ciphertext of the tenant
   * (in this database and in every backup taken after the master key that wrapped them is gone)
   * stays unreadable. A tombstone stops a later seal from creating a fresh key.
   */
  async destroyTenantDataKey(tenantId: string): Promise<void> {
    await this.#businessDb.withTenant(tenantId, async (tx) => {
      await tx.query(`UPDATE tenant_data_keys SET state = 'destroyed', wrapped_key = NULL, destroyed_at = now() WHERE state <> 'destroyed'`);
      await tx.query(`INSERT INTO tenant_data_keys (tenant_id, version, state, destroyed_at) VALUES ($1, 1, 'destroyed', now()) ON CONFLICT DO NOTHING`, [tenantId]);
      this.#dataKeys.forgetTransaction(tx);
    });
    this.#dataKeys.forgetTenant(tenantId);
  }

  /**
   * Master-key rotation: every wrapped data key is rewrapped under the active master key, one
   * tenant transaction at a time. No row of tenant data is touched. `tenantIds` limits the run.
   */
  async rewrapDataKeys(actor: PlatformActor, options: { tenantIds?: readonly string[]; onTenant?: (tenantId: string, rewrapped: number) => void } = {}): Promise<number> {
    const tenantIds =
      options.tenantIds ??
      (await this.#runAcrossTenants(actor, 'tenants:manage', 'master-key rotation: list tenants to rewrap their data keys', async (db) =>
        (await db.query<{ id: string }>('SELECT id FROM tenants ORDER BY id')).rows.map((row) => row.id),
      ));
    let total = 0;
    for (const tenantId of tenantIds) {
      const rewrapped = await this.#businessDb.withTenant(tenantId, async (tx) => {
        const { rows } = await tx.query<{ version: number; wrapped_key: string }>('SELECT version, wrapped_key FROM tenant_data_keys WHERE wrapped_key IS NOT NULL FOR UPDATE');
        let count = 0;
        for (const row of rows.filter((candidate) => needsRewrap(this.#keyring, candidate.wrapped_key))) {
          await tx.query('UPDATE tenant_data_keys SET wrapped_key = $1 WHERE version = $2', [rewrapDataKey(this.#keyring, row.wrapped_key, tenantId, row.version), row.version]);
          count++;
        }
        return count;
      });
      options.onTenant?.(tenantId, rewrapped);
      total += rewrapped;
    }
    return total;
  }

  /**
   * Data-key rotation: a new data key becomes active, then every registered sealed column is
   * re-sealed under it in batches (one transaction each), then the tenant's stored files (one
   * transaction), then the old keys are destroyed.
   * Resumable: a run that finds a retired key still alive continues that rotation instead of
   * starting another, and only rows not yet under the new key are read.
   */
  async rotateTenantDataKey(tenantId: string, columns: readonly SealedColumn[], options: RotateDataKeyOptions = {}): Promise<RotateDataKeyReport> {
    const batchSize = options.batchSize ?? 500;
    const { version, resumed } = await this.#businessDb.withTenant(tenantId, (tx) => this.#startRotation(tx));
    let resealed = 0;
    let unreadable = 0;
    for (const column of columns) {
      const result = await this.#resealColumn(tenantId, column, version, batchSize, options.onProgress);
      resealed += result.resealed;
      unreadable += result.unreadable;
    }
    // Stored files are sealed under the same data keys: destroying the old key before they are
    // re-sealed would shred every file of the tenant.
    if (this.#storedBytes) {
      const storedBytes = this.#storedBytes;
      const result = await this.#businessDb.withTenant(tenantId, () => storedBytes.resealAll());
      resealed += result.resealed;
      unreadable += result.unreadable;
    }
    if (unreadable === 0) {
      await this.#businessDb.withTenant(tenantId, (tx) =>
        tx.query(`UPDATE tenant_data_keys SET state = 'destroyed', wrapped_key = NULL, destroyed_at = now() WHERE state = 'retired'`),
      );
      this.#dataKeys.forgetTenant(tenantId);
    }
    return { version, resumed, resealed, unreadable };
  }

  async #startRotation(tx: TenantTransaction): Promise<{ version: number; resumed: boolean }> {
    const { rows } = await tx.query<{ version: number; state: string }>('SELECT version, state FROM tenant_data_keys WHERE version > 0 ORDER BY version FOR UPDATE');
    const active = rows.find((row) => row.state === 'active');
    if (!active) {
      if (rows.length > 0) throw new Error("This tenant's data keys were destroyed: there is nothing to rotate");
      await this.#dataKeys.create(tx);
      return { version: 1, resumed: false };
    }
    if (rows.some((row) => row.state === 'retired')) return { version: active.version, resumed: true };
    const version = Math.max(...rows.map((row) => row.version)) + 1;
    await tx.query(`UPDATE tenant_data_keys SET state = 'retired' WHERE state = 'active'`);
    await tx.query(`INSERT INTO tenant_data_keys (tenant_id, version, state, wrapped_key) VALUES ($1, $2, 'active', $3)`, [
      tx.tenantId,
      version,
      generateWrappedDataKey(this.#keyring, tx.tenantId, version),
    ]);
    this.#dataKeys.forgetTransaction(tx);
    return { version, resumed: false };
  }

  /**
   * Re-seals one column in batches that walk the primary key (keyset): each batch starts where the
   * last one ended, through the `(tenant_id, id)` index, so a batch costs the same at row 500 as at
   * row 500,000. The id is compared and ordered as its own type (a `::text` cast has no index and
   * made every batch sort the tenant's whole table again).
   */
  async #resealColumn(tenantId: string, sealedColumn: SealedColumn, version: number, batchSize: number, onProgress?: (progress: RotationProgress) => void) {
    const { table, column, idColumn } = sealedColumn;
    const newKeyId = dataKeyId(version);
    const stale = `"${column}" IS NOT NULL AND split_part("${column}", '.', 2) <> $1`;
    const total = await this.#businessDb.withTenant(tenantId, async (tx) => Number((await tx.query<{ n: string }>(`SELECT count(*) AS n FROM "${table}" WHERE ${stale}`, [newKeyId])).rows[0]!.n));
    const selectBatch = (after: boolean) =>
      // The text form gets its own name: `ORDER BY id` would otherwise order by that output column.
      `SELECT "${idColumn}"::text AS row_id, "${column}" AS sealed FROM "${table}"
       WHERE ${stale}${after ? ` AND "${idColumn}" > $3` : ''} ORDER BY "${table}"."${idColumn}" LIMIT $2 FOR UPDATE`;
    let resealed = 0;
    let unreadable = 0;
    let cursor: string | null = null;
    for (;;) {
      const after: string | null = cursor;
      const batch = await this.#businessDb.withTenant(tenantId, async (tx): Promise<{ count: number; done: number; last: string | undefined }> => {
        const keys = await this.#dataKeys.load(tx);
        const { rows } = await tx.query<{ row_id: string; sealed: string }>(selectBatch(after !== null), after === null ? [newKeyId, batchSize] : [newKeyId, batchSize, after]);
        let done = 0;
        for (const row of rows) {
          try {
            const value = resealField({ active: keys.active!, byId: keys.byId }, row.sealed, { tenantId, table, column, rowId: row.row_id });
            await tx.query(`UPDATE "${table}" SET "${column}" = $1 WHERE "${idColumn}" = $2`, [value, row.row_id]);
            done++;
          } catch (error) {
            if (!(error instanceof DecryptionError)) throw error;
            unreadable++;
          }
        }
        return { count: rows.length, done, last: rows.at(-1)?.row_id };
      });
      resealed += batch.done;
      if (batch.count === 0 || !batch.last) break;
      cursor = batch.last;
      onProgress?.({ table, column, resealed, total });
    }
    onProgress?.({ table, column, resealed, total });
    return { resealed, unreadable };
  }
}
