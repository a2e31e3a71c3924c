import type { Config } from '../config/index.js';
import type { Clock } from '../platform/clock.js';
import type { IdentityDb } from '../platform/db/index.js';
import type { ReadinessCheck } from '../platform/http/index.js';
import type { TrustDocuments } from './documents/trust-documents.js';

/** What the trust part needs from the composition root. */
export interface TrustDeps {
  readonly config: Pick<Config, 'domain' | 'publicUrl' | 'securityTxt'>;
  readonly clock: Clock;
  /** The status page's tables live in the identity database. */
  readonly identityDb: IdentityDb;
  /** The `/readyz` checks, run live for the components they feed. */
  readonly readiness: readonly ReadinessCheck[];
  readonly documents: TrustDocuments;
}
