import { systemClock, type Clock } from '../clock.js';
import type { RateLimiter, RateLimitResult, RateLimitRule } from './rate-limiter.js';

/**
 * A process leases this share of a limit from the shared store at a time (1/50, at most 100
 * hits): one round trip to Redis or PostgreSQL per lease instead of one per request.
 */
const LEASE_DIVISOR = 50;
const MAX_LEASE = 100;
/** How long before the store's window ends a lease stops counting: clocks of processes and store differ slightly. */
const WINDOW_MARGIN_MS = 100;
/** Keys remembered at once; the oldest lease is dropped past it (its unspent hits are lost, never reused). */
const MAX_TRACKED_KEYS = 10_000;

interface Lease {
  /** Hits this process may still admit before it asks the store again. */
  left: number;
  /** When the store's window ends, by this process's clock; the lease is worthless after it. */
  endsAt: number;
  /** The store's counter after the lease was taken: every process's hits, leased or spent. */
  storeCount: number;
}

export function leaseSize(rule: RateLimitRule): number {
  return Math.max(1, Math.min(MAX_LEASE, Math.floor(rule.limit / LEASE_DIVISOR)));
}

/**
 * Per-request rate limiting at the price of one store round trip per lease. The process takes a
 * slice of the budget from the shared counter (`RateLimiter.take`), counted there before any of
 * it is spent, and admits requests from it locally. Whatever the number of processes, the hits
 * counted in the store bound the hits admitted, so the ceiling is never exceeded; at worst, when
 * a window ends, other processes' unspent leases leave part of it unused. The last lease of a
 * window is only what is left of the limit, so one process alone stops exactly at the limit.
 * A window found full is remembered until it ends: refusals cost no round trip either (and a
 * counter cleared by hand in the store reaches a process at the end of that window).
 */
export class BudgetLeases {
  private readonly leases = new Map<string, Lease>();
  private readonly refills = new Map<string, Promise<void>>();

  constructor(
    private readonly limiter: RateLimiter,
    private readonly clock: Clock = systemClock,
  ) {}

  async consume(rule: RateLimitRule, key: string): Promise<RateLimitResult> {
    const id = `${rule.name}\u0000${key}`;
    for (;;) {
      const fromLease = this.fromLease(id, rule);
      if (fromLease) return fromLease;
      // One refill per key at a time: concurrent requests wait for it and share what it brings.
      const running = this.refills.get(id);
      if (running) {
        await running;
        continue;
      }
      const refill = this.refill(id, rule, key);
      // Waiters only need to know it settled; a store failure reaches the caller that asked (and
      // each waiter then asks again), never an unhandled rejection.
      this.refills.set(
        id,
        refill.then(
          () => undefined,
          () => undefined,
        ),
      );
      try {
        return await refill;
      } finally {
        this.refills.delete(id);
      }
    }
  }

  /** An answer from the lease this process holds, or null when it must ask the store. */
  private fromLease(id: string, rule: RateLimitRule): RateLimitResult | null {
    const lease = this.leases.get(id);
    const now = this.clock.now().getTime();
    if (!lease || now >= lease.endsAt) return null;
    const resetSeconds = Math.max(1, Math.ceil((lease.endsAt - now) / 1000));
    if (lease.left > 0) {
      lease.left -= 1;
      return { allowed: true, count: Math.min(rule.limit, lease.storeCount - lease.left), retryAfterSeconds: 0, resetSeconds };
    }
    // The window is full in the store: it stays full until it ends (fixed windows never give back).
    if (lease.storeCount >= rule.limit) return { allowed: false, count: lease.storeCount, retryAfterSeconds: resetSeconds, resetSeconds };
    return null;
  }

  /** Takes a lease for the request that asks; it is admitted from it (or refused) at once. */
  private async refill(id: string, rule: RateLimitRule, key: string): Promise<RateLimitResult> {
    const size = leaseSize(rule);
    const taken = await this.limiter.take(rule, key, size);
    const granted = Math.max(0, Math.min(size, rule.limit - (taken.count - size)));
    const resetMs = taken.resetMs ?? (taken.resetSeconds ?? rule.windowSeconds) * 1000;
    const resetSeconds = Math.max(1, Math.ceil(resetMs / 1000));
    // The lease ends a little before the store's window does: it never admits hits counted in a window that is over.
    this.remember(id, { left: Math.max(0, granted - 1), endsAt: this.clock.now().getTime() + resetMs - WINDOW_MARGIN_MS, storeCount: granted > 0 ? taken.count : rule.limit });
    if (granted === 0) return { allowed: false, count: taken.count, retryAfterSeconds: resetSeconds, resetSeconds };
    return { allowed: true, count: Math.min(rule.limit, taken.count - (granted - 1)), retryAfterSeconds: 0, resetSeconds };
  }

  private remember(id: string, lease: Lease): void {
    this.leases.delete(id);
    if (this.leases.size >= MAX_TRACKED_KEYS) this.leases.delete(this.leases.keys().next().value!);
    this.leases.set(id, lease);
  }
}
