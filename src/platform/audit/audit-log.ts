import type { Clock } from '../clock.js';
import type { IdentityDb } from '../db/identity-db.js';
import type { Queryable } from '../db/queryable.js';
import { appendAudit } from './append-audit.js';
import type { AuditEntryInput, AuditRecord } from './audit-entry.js';

/**
 * The port apps and the platform append through. `append` runs its own identity transaction
 * (for actions whose own transaction is elsewhere: the business database, the cross-tenant
 * client); `appendIn` joins an identity transaction the caller already holds.
 */
export interface AuditLog {
  append(entry: AuditEntryInput): Promise<AuditRecord>;
  appendIn(tx: Queryable, entry: AuditEntryInput): Promise<AuditRecord>;
}

export function createAuditLog(db: IdentityDb, clock: Clock): AuditLog {
  return {
    append: (entry) => db.transaction((tx) => appendAudit(tx, entry, clock.now())),
    appendIn: (tx, entry) => appendAudit(tx, entry, clock.now()),
  };
}
