import type { Clock } from '../../platform/clock.js';
import type { IdentityDb } from '../../platform/db/index.js';

/** What the status use cases need: the identity database (status tables) and the clock. */
export interface StatusDeps {
  readonly db: IdentityDb;
  readonly clock: Clock;
}

/** An incident the operator named does not exist, or is resolved already (for an update). */
export class IncidentNotFoundError extends Error {
  override readonly name = 'IncidentNotFoundError';
}
