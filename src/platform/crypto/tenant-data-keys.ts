import type { Clock } from '../clock.js';
import { AppError } from '../errors/index.js';
import type { TenantTransaction } from '../tenancy/index.js';
import { generateWrappedDataKey, unwrapDataKey } from './data-key-wrapping.js';
import type { Keyring, MasterKey } from './keyring.js';

/** A tenant's usable data keys in one transaction: `active` seals, every key in `byId` opens. */
export interface TenantKeySet {
  readonly active: MasterKey | null;
  readonly byId: ReadonlyMap<string, MasterKey>;
  /** Keys the blind index; separate from the data keys so a data-key rotation keeps indexes valid. */
  readonly index: MasterKey | null;
  /** The tenant's keys were crypto-shredded: nothing seals or opens again. */
  readonly destroyed: boolean;
}

export interface DataKeyCacheOptions {
  /** How long an unwrapped key stays in memory. */
  readonly ttlMs?: number;
  readonly maxEntries?: number;
}

interface KeyRow {
  version: number;
  state: 'active' | 'retired' | 'destroyed' | 'index';
  wrapped_key: string | null;
}

/** The key id a ciphertext names: `dk<version>`. */
export function dataKeyId(version: number): string {
  return `dk${version}`;
}

/**
 * A tenant's data keys, read in its own transaction (RLS scopes the rows) and unwrapped with the
 * master keyring. Rows are read once per transaction, so a key destroyed by another process is
 * refused from the next transaction on; unwrapped keys are cached briefly, by their wrapped form,
 * so the AES unwrap is not repeated for every field.
 */
export class TenantDataKeys {
  readonly #keyring: Keyring;
  readonly #clock: Clock;
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #unwrapped = new Map<string, { tenantId: string; key: Buffer; expiresAt: number }>();
  readonly #perTransaction = new WeakMap<TenantTransaction, Promise<TenantKeySet>>();

  constructor(keyring: Keyring, clock: Clock, options: DataKeyCacheOptions = {}) {
    this.#keyring = keyring;
    this.#clock = clock;
    this.#ttlMs = options.ttlMs ?? 5 * 60_000;
    this.#maxEntries = options.maxEntries ?? 1000;
  }

  load(tx: TenantTransaction): Promise<TenantKeySet> {
    let keys = this.#perTransaction.get(tx);
    if (!keys) {
      keys = this.#read(tx);
      this.#perTransaction.set(tx, keys);
      keys.catch(() => this.#perTransaction.delete(tx));
    }
    return keys;
  }

  /** The active key, created on first use; refused once the tenant's keys were destroyed. */
  async active(tx: TenantTransaction): Promise<{ keys: TenantKeySet; active: MasterKey }> {
    let keys = await this.load(tx);
    if (!keys.active && !keys.destroyed) {
      await this.create(tx);
      keys = await this.load(tx);
    }
    if (!keys.active) throw new AppError('vault.data_key_destroyed');
    return { keys, active: keys.active };
  }

  /**
   * Creates the tenant's first data key. Race-safe: concurrent first uses collide on the primary
   * key, the losers insert nothing and read the winner's key (visible once it commits).
   */
  async create(tx: TenantTransaction): Promise<void> {
    await tx.query(
      `INSERT INTO tenant_data_keys (tenant_id, version, state, wrapped_key)
       VALUES ($1, 0, 'index', $2), ($1, 1, 'active', $3) ON CONFLICT DO NOTHING`,
      [tx.tenantId, generateWrappedDataKey(this.#keyring, tx.tenantId, 0), generateWrappedDataKey(this.#keyring, tx.tenantId, 1)],
    );
    this.forgetTransaction(tx);
  }

  /** After a write to the key rows inside `tx`, the next read sees it. */
  forgetTransaction(tx: TenantTransaction): void {
    this.#perTransaction.delete(tx);
  }

  /** Drops every cached unwrapped key of a tenant (on destroy and after rotations). */
  forgetTenant(tenantId: string): void {
    for (const [wrapped, entry] of this.#unwrapped) if (entry.tenantId === tenantId) this.#unwrapped.delete(wrapped);
  }

  async #read(tx: TenantTransaction): Promise<TenantKeySet> {
    const { rows } = await tx.query<KeyRow>('SELECT version, state, wrapped_key FROM tenant_data_keys ORDER BY version');
    let active: MasterKey | null = null;
    let index: MasterKey | null = null;
    const byId = new Map<string, MasterKey>();
    for (const row of rows) {
      if (!row.wrapped_key) continue;
      const key = { id: dataKeyId(row.version), key: this.#unwrap(tx.tenantId, row.version, row.wrapped_key) };
      if (row.state === 'index') {
        index = key;
        continue;
      }
      byId.set(key.id, key);
      if (row.state === 'active') active = key;
    }
    return { active, byId, index, destroyed: rows.length > 0 && rows.every((row) => row.state === 'destroyed') };
  }

  #unwrap(tenantId: string, version: number, wrapped: string): Buffer {
    const now = this.#clock.now().getTime();
    const cached = this.#unwrapped.get(wrapped);
    if (cached && cached.expiresAt > now) return cached.key;
    const key = unwrapDataKey(this.#keyring, wrapped, tenantId, version);
    this.#unwrapped.delete(wrapped);
    if (this.#unwrapped.size >= this.#maxEntries) this.#unwrapped.delete(this.#unwrapped.keys().next().value!);
    this.#unwrapped.set(wrapped, { tenantId, key, expiresAt: now + this.#ttlMs });
    return key;
  }
}
