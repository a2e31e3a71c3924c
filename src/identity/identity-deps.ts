import type { Config } from '../config/index.js';
import type { Clock } from '../platform/clock.js';
import type { Keyring } from '../platform/crypto/index.js';
import type { IdentityDb } from '../platform/db/index.js';
import type { Logger } from '../platform/logging/logger.js';
import type { Mailer } from '../platform/mail/mailer.js';
import type { QuotaGuard, QuotaUsage } from '../platform/quotas/index.js';
import type { RateLimiter } from '../platform/rate-limit/rate-limiter.js';
import type { TenantMirror } from '../platform/tenancy/index.js';
import type { RelyingParty } from './mfa/index.js';
import type { SigningKeys } from './sessions/signing-keys.js';

/**
 * Everything identity code may touch. Note what is absent: the business database. Identity
 * can only announce a tenant to it (`mirrorTenant`), which keeps the two databases apart in code.
 */
export interface IdentityDeps {
  readonly db: IdentityDb;
  readonly config: Config;
  readonly clock: Clock;
  readonly keyring: Keyring;
  readonly logger: Logger;
  readonly mailer: Mailer;
  readonly rateLimiter: RateLimiter;
  readonly signingKeys: SigningKeys;
  readonly mirrorTenant: TenantMirror;
  /** Quota limits and their enforcement (src/platform/quotas/). */
  readonly quotas: QuotaGuard;
  /** A tenant's usage of the apps' quotas (labels, …), counted in the business database. */
  readonly appQuotaUsage: (tenantId: string) => Promise<readonly QuotaUsage[]>;
  /** The WebAuthn relying party: the portal's origin and registrable domain. */
  readonly rp: RelyingParty;
  /** A direct (session) connection to the identity database for the token cache's LISTEN; none: no cache. */
  readonly tokenCacheUrl?: string | null;
}
