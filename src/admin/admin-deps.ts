import type { Clock } from '../platform/clock.js';
import type { IdentityDb } from '../platform/db/index.js';
import type { Logger } from '../platform/logging/logger.js';
import type { Mailer } from '../platform/mail/mailer.js';

/** What the admin part needs: the identity database (users, tenants, sessions, tokens, the audit log) and mail. */
export interface AdminDeps {
  readonly db: IdentityDb;
  readonly clock: Clock;
  readonly mailer: Mailer;
  readonly logger: Logger;
  /** The portal's public URL, for links in the mail sent to users. */
  readonly publicUrl: string;
}
