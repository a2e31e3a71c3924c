import type { UnsafeCrossTenantDb } from '../tenancy/unsafe-cross-tenant.js';
import type { Queryable } from '../db/queryable.js';
import type { PlatformPermission } from './platform-permissions.js';

export interface PlatformActor {
  readonly actorId: string;
  readonly permissions: ReadonlySet<PlatformPermission>;
}

export class PlatformPermissionDenied extends Error {
  override readonly name = 'PlatformPermissionDenied';
  readonly code = 'auth.permission_denied';
}

/**
 * The one seam to the cross-tenant client: it checks the actor holds the permission,
 * then the client records the use before running the work.
 */
export function createCrossTenantGate(unsafeDb: UnsafeCrossTenantDb) {
  return async function runAcrossTenants<T>(
    actor: PlatformActor,
    permission: PlatformPermission,
    reason: string,
    work: (db: Queryable) => Promise<T>,
  ): Promise<T> {
    if (!actor.permissions.has(permission)) {
      throw new PlatformPermissionDenied(`This action needs the platform permission ${permission}`);
    }
    return unsafeDb.unsafeRunAcrossTenants({ actorId: actor.actorId, permission, reason }, work);
  };
}

export type CrossTenantGate = ReturnType<typeof createCrossTenantGate>;
