import type { Clock } from '../../platform/clock.js';
import type { TenantBlobs } from '../../platform/blobs/index.js';
import type { TenantVault } from '../../platform/crypto/index.js';
import type { Logger } from 'pino';
import type { Mailer } from '../../platform/mail/index.js';
import type { BusinessDb } from '../../platform/tenancy/index.js';
import type { PdfSigningIdentity } from './pdf/index.js';

/** Limits on what a sender may upload (BSNS_PACT_MAX_DOCUMENT_BYTES, …). */
export interface PactLimits {
  readonly maxBytes: number;
  readonly maxPages: number;
}

/** What the pact app is built from. */
export interface PactDeps {
  readonly businessDb: BusinessDb;
  readonly blobs: TenantBlobs;
  readonly clock: Clock;
  /** Signs the tenant's chain checkpoints (their keys are sealed with the tenant's data key). */
  readonly vault: TenantVault;
  /**
   * Signing links and codes are mailed after the commit, straight to the signer, never queued
   * in a table: only their hashes are stored. A lost email is answered by "send me a new link".
   */
  readonly mailer: Mailer;
  readonly logger: Logger;
  /** A member's address (the sender gets the completed PDF too); identity knows it, the suite wires this port. */
  readonly memberEmail: (tenantId: string, userId: string) => Promise<string | null>;
  /** The installation's PAdES certificate (configured PKCS#12, or generated once). */
  readonly signingIdentity: () => Promise<PdfSigningIdentity>;
  readonly limits: PactLimits;
  /** Where signers' links point: the pact part's origin and base path, e.g. `https://pact.example.com` or `https://suite.example.com/pact`. */
  readonly pactUrl: string;
}
