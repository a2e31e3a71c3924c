import type { Clock } from '../../platform/clock.js';
import type { Keyring } from '../../platform/crypto/index.js';
import type { IdentityDb } from '../../platform/db/index.js';

/** The WebAuthn relying party: the portal's registrable domain, display name and exact origin. */
export interface RelyingParty {
  readonly id: string;
  readonly name: string;
  /** e.g. `https://id.example.com`; assertions from any other origin are refused. */
  readonly origin: string;
}

/** What the factor functions stand on; each takes only the parts it uses. */
export interface MfaDeps {
  readonly db: IdentityDb;
  readonly keyring: Keyring;
  readonly clock: Clock;
  readonly rp: RelyingParty;
}
