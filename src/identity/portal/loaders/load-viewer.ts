import type { IdentityDeps } from '../../identity-deps.js';
import type { SessionClaims } from '../../sessions/session-token.js';
import type { TenantRole } from '../../tenants/index.js';

/** The signed-in person as the page chrome shows them. */
export interface Viewer {
  readonly userId: string;
  readonly sessionId: string;
  readonly email: string;
  readonly displayName: string | null;
  /** The active tenant; `disabled` when a platform admin disabled it (its apps cannot be launched). */
  readonly tenant: { readonly id: string; readonly name: string; readonly role: TenantRole; readonly disabled: boolean } | null;
  readonly mfa: { readonly state: SessionClaims['mfa']; readonly graceEndsAt: Date };
}

/** Loads the viewer behind verified session claims; null when the user is gone or disabled. */
export async function loadViewer(deps: Pick<IdentityDeps, 'db'>, claims: SessionClaims): Promise<Viewer | null> {
  const { rows } = await deps.db.query<{ email: string; display_name: string | null; tenant_name: string | null; tenant_disabled: boolean }>(
    `SELECT u.email, u.display_name, t.name AS tenant_name, t.disabled_at IS NOT NULL AS tenant_disabled
     FROM users u LEFT JOIN tenants t ON t.id = $2
     WHERE u.id = $1 AND u.disabled_at IS NULL`,
    [claims.sub, claims.tid],
  );
  const user = rows[0];
  if (!user) return null;
  return {
    userId: claims.sub,
    sessionId: claims.sid,
    email: user.email,
    displayName: user.display_name,
    tenant: claims.tid && claims.role && user.tenant_name ? { id: claims.tid, name: user.tenant_name, role: claims.role, disabled: user.tenant_disabled === true } : null,
    mfa: { state: claims.mfa, graceEndsAt: new Date(claims.grace_until * 1000) },
  };
}
