import { appendAudit, type AuditEntryInput } from '../platform/audit/index.js';
import type { IdentityDeps } from './identity-deps.js';

/**
 * Appends a security event to the platform audit log in its own identity transaction, for
 * actions whose write is a single statement elsewhere (a sign-in's session row, a revocation).
 * Actions that hold a transaction append inside it with `appendAudit(tx, …)` instead.
 */
export async function recordSecurityEvent(deps: Pick<IdentityDeps, 'db' | 'clock'>, entry: AuditEntryInput): Promise<void> {
  await deps.db.transaction((tx) => appendAudit(tx, entry, deps.clock.now()));
}
