/** A token as the resolver verified it in the database: what a cache hit needs to answer alone. */
export interface VerifiedToken {
  readonly id: string;
  readonly userId: string;
  readonly tenantId: string;
  readonly scopes: readonly string[];
  readonly expiresAt: Date;
  /** When this process last knew the token's use was written (or the database's value). */
  lastUsedAt: Date | null;
}

/** Entries at most; past it the oldest is dropped (a miss costs one SELECT, never correctness). */
const MAX_ENTRIES = 10_000;

/**
 * Verified tokens by the SHA-256 of their text, in one process. It answers only while
 * `usable`: the listener (token-cache-listener.ts) sets that once its LISTEN is established and
 * the cache flushed, and clears it (flushing again) the moment its connection is in doubt, so
 * no change can be missed. A hit is trusted only after the listener's `sync`. Every change message bumps `epoch`; a lookup that started before a
 * change may not store what it read (it may predate the change), see `storeIfUnchanged`.
 */
export class TokenCache {
  readonly #byHash = new Map<string, VerifiedToken>();
  #usable = false;
  #epoch = 0;

  get usable(): boolean {
    return this.#usable;
  }

  get epoch(): number {
    return this.#epoch;
  }

  get size(): number {
    return this.#byHash.size;
  }

  /** A live entry (not expired at `now`), or undefined; nothing while the cache is not usable. */
  get(hash: string, now: Date): VerifiedToken | undefined {
    if (!this.usable) return undefined;
    const entry = this.#byHash.get(hash);
    if (!entry) return undefined;
    // Expiry is checked here, on every hit: no message announces the passing of time.
    if (entry.expiresAt <= now) {
      this.#byHash.delete(hash);
      return undefined;
    }
    return entry;
  }

  /** Stores what a lookup read, unless a change arrived (or the cache was flushed) since it began. */
  storeIfUnchanged(hash: string, entry: VerifiedToken, epochAtStart: number): void {
    if (!this.usable || epochAtStart !== this.#epoch) return;
    if (this.#byHash.size >= MAX_ENTRIES) {
      const oldest = this.#byHash.keys().next();
      if (!oldest.done) this.#byHash.delete(oldest.value);
    }
    this.#byHash.set(hash, entry);
  }

  /** Applies one change message from the database (see migration 0021 for the payloads). */
  invalidate(message: string): void {
    this.#epoch += 1;
    const [kind, first, second] = message.split(':');
    const matches = ((): ((entry: VerifiedToken) => boolean) | null => {
      switch (kind) {
        case 't':
          return (entry) => entry.id === first;
        case 'u':
          return (entry) => entry.userId === first;
        case 'm':
          return (entry) => entry.tenantId === first && entry.userId === second;
        case 'n':
          return (entry) => entry.tenantId === first;
        default:
          return null; // `*`, or a message this version does not know: drop everything
      }
    })();
    if (!matches) return this.#byHash.clear();
    for (const [hash, entry] of this.#byHash) if (matches(entry)) this.#byHash.delete(hash);
  }

  /** The listener is established (and has been since this flush): answer from here on. */
  open(): void {
    this.#flush();
    this.#usable = true;
  }

  /** The listener is gone or in doubt: forget everything and answer nothing until `open`. */
  close(): void {
    this.#usable = false;
    this.#flush();
  }

  #flush(): void {
    this.#epoch += 1;
    this.#byHash.clear();
  }
}
