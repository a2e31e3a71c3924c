import { createPrivateKey, randomUUID, type KeyObject } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import type { Clock } from '../../platform/clock.js';
import { decryptField, encryptField, type Keyring } from '../../platform/crypto/index.js';
import type { IdentityDb } from '../../platform/db/index.js';

export const SESSION_JWT_ALG = 'EdDSA';
const ROTATE_AFTER_MS = 30 * 24 * 3600_000;
// A retired key keeps verifying (and stays in the JWKS) well past the longest token it signed.
const VERIFY_AFTER_RETIRE_MS = 24 * 3600_000;
/** The default and longest key cache: how long a process may sign with a key retired elsewhere. */
const SIGNING_KEY_CACHE_MS = 60_000;
const MISS_REFRESH_MS = 5_000;
const ROTATION_LOCK = 0x6a776b73;

interface KeyRow {
  kid: string;
  public_jwk: JWK;
  private_jwk_sealed: string;
  retire_at: Date;
  expires_at: Date;
}

interface LoadedKeys {
  readonly loadedAt: number;
  readonly rows: readonly KeyRow[];
  readonly publicKeys: ReadonlyMap<string, CryptoKey>;
}

export interface SigningKey {
  readonly kid: string;
  /** For jose (WebCrypto). */
  readonly key: CryptoKey;
  /** The same private key for `node:crypto`, which signs on the calling thread (`signJwt`). */
  readonly privateKey: KeyObject;
}

/**
 * The session signing keys, stored in the identity database with their private halves sealed
 * by the master key. Signing uses the newest unretired key and creates a new one when it is
 * due (rotation); verification accepts every unexpired key. Keys are cached briefly so several
 * processes converge on the same set without a query per request.
 */
export class SigningKeys {
  readonly #db: IdentityDb;
  readonly #keyring: Keyring;
  readonly #clock: Clock;
  readonly #cacheMs: number;
  #loaded: Promise<LoadedKeys> | undefined;
  #signer: SigningKey | undefined;
  #lastMissRefresh = 0;

  constructor(deps: { db: IdentityDb; keyring: Keyring; clock: Clock; cacheMs?: number }) {
    this.#db = deps.db;
    this.#keyring = deps.keyring;
    this.#clock = deps.clock;
    this.#cacheMs = deps.cacheMs ?? SIGNING_KEY_CACHE_MS;
  }

  /**
   * The key to sign with. Checked against the cached key set on every call, so a rotation made by
   * another process (the `keys rotate-signing` command) takes over here within the cache window.
   */
  async signingKey(): Promise<SigningKey> {
    const now = this.#clock.now().getTime();
    let loaded = await this.#load();
    let current = newestUnretired(loaded.rows, now);
    if (!current) {
      await this.#rotate();
      loaded = await this.#load(true);
      current = newestUnretired(loaded.rows, now);
      if (!current) throw new Error('No usable session signing key after rotation');
    }
    if (this.#signer?.kid === current.kid) return this.#signer;
    const privateJwk = JSON.parse(decryptField(this.#keyring, current.private_jwk_sealed, sealContext(current.kid))) as JWK;
    const key = (await importJWK(privateJwk, SESSION_JWT_ALG)) as CryptoKey;
    const privateKey = createPrivateKey({ key: privateJwk, format: 'jwk' });
    this.#signer = { kid: current.kid, key, privateKey };
    return this.#signer;
  }

  /** The public key for a token's `kid`, or null when no unexpired key has it. */
  async verificationKey(kid: string): Promise<CryptoKey | null> {
    let loaded = await this.#load();
    let key = loaded.publicKeys.get(kid);
    const now = this.#clock.now().getTime();
    // An unknown kid may be a key another process just made; look again, but not on every bad token.
    if (!key && now - this.#lastMissRefresh > MISS_REFRESH_MS) {
      this.#lastMissRefresh = now;
      loaded = await this.#load(true);
      key = loaded.publicKeys.get(kid);
    }
    return key ?? null;
  }

  /** The JWKS document: every key that may still verify a live token. */
  async jwks(): Promise<{ keys: JWK[] }> {
    const loaded = await this.#load();
    return { keys: loaded.rows.map((row) => ({ ...row.public_jwk, kid: row.kid, alg: SESSION_JWT_ALG, use: 'sig' })) };
  }

  /**
   * Retires the current key now and creates its successor (the rotation runbook's command). The
   * retired key verifies for the usual overlap from now, not from its scheduled retirement: after
   * a suspected leak it must stop being trusted within a day, not a month.
   */
  async rotateNow(): Promise<void> {
    const now = this.#clock.now();
    await this.#db.query('UPDATE signing_keys SET retire_at = $1, expires_at = least(expires_at, $2) WHERE retire_at > $1', [
      now,
      new Date(now.getTime() + VERIFY_AFTER_RETIRE_MS),
    ]);
    this.#signer = undefined;
    await this.#rotate();
    await this.#load(true);
  }

  async #rotate(): Promise<void> {
    await this.#db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [ROTATION_LOCK]);
      const now = this.#clock.now();
      const fresh = await tx.query('SELECT 1 FROM signing_keys WHERE retire_at > $1 AND created_at <= $1', [now]);
      if (fresh.rowCount) return; // another process rotated first
      const kid = randomUUID();
      const { publicKey, privateKey } = await generateKeyPair(SESSION_JWT_ALG, { crv: 'Ed25519', extractable: true });
      const publicJwk = await exportJWK(publicKey);
      const sealed = encryptField(this.#keyring, JSON.stringify(await exportJWK(privateKey)), sealContext(kid));
      const retireAt = new Date(now.getTime() + ROTATE_AFTER_MS);
      await tx.query(
        `INSERT INTO signing_keys (kid, alg, public_jwk, private_jwk_sealed, created_at, retire_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [kid, SESSION_JWT_ALG, publicJwk, sealed, now, retireAt, new Date(retireAt.getTime() + VERIFY_AFTER_RETIRE_MS)],
      );
    });
  }

  #load(force = false): Promise<LoadedKeys> {
    const now = this.#clock.now().getTime();
    const cached = this.#loaded;
    if (!force && cached) {
      return cached.then((loaded) => (now - loaded.loadedAt < this.#cacheMs ? loaded : this.#load(true)));
    }
    const loading = this.#fetch(now);
    this.#loaded = loading;
    loading.catch(() => {
      if (this.#loaded === loading) this.#loaded = undefined;
    });
    return loading;
  }

  async #fetch(now: number): Promise<LoadedKeys> {
    const { rows } = await this.#db.query<KeyRow>(
      'SELECT kid, public_jwk, private_jwk_sealed, retire_at, expires_at FROM signing_keys WHERE expires_at > $1 ORDER BY created_at DESC',
      [new Date(now)],
    );
    const publicKeys = new Map<string, CryptoKey>();
    for (const row of rows) publicKeys.set(row.kid, (await importJWK(row.public_jwk, SESSION_JWT_ALG)) as CryptoKey);
    return { loadedAt: now, rows, publicKeys };
  }
}

function newestUnretired(rows: readonly KeyRow[], now: number): KeyRow | undefined {
  return rows.find((row) => row.retire_at.getTime() > now);
}

function sealContext(kid: string) {
  return { tenantId: null, table: 'signing_keys', column: 'private_jwk_sealed', rowId: kid };
}
