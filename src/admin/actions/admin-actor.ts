import type { PlatformPermission } from '../../platform/access/platform-permissions.js';
import type { AuditEntryInput } from '../../platform/audit/index.js';

/** The platform admin behind an action: who, from which session and address. */
export interface AdminActor {
  readonly userId: string;
  readonly sessionId: string;
  readonly clientAddress: string;
}

export interface ActionResult {
  /** False when the target already was in the asked-for state: nothing changed and nothing was audited. */
  readonly changed: boolean;
}

/** The audit entry of an admin action: the permission that authorised it, the actor, the target and the address. */
export function adminAuditEntry(
  actor: AdminActor,
  permission: PlatformPermission,
  action: string,
  target: { type: string; id: string },
  extra: Pick<AuditEntryInput, 'tenantId' | 'metadata'> = {},
): AuditEntryInput {
  return { actor: { type: 'user', id: actor.userId }, permission, action, target, clientAddress: actor.clientAddress, ...extra };
}
