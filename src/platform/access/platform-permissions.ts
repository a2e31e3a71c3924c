/**
 * Platform permissions and the groups that hold them. This map is code on purpose:
 * granting a permission to a group takes a reviewed commit, never a database write.
 */
export const PLATFORM_PERMISSIONS = [
  'tenants:read',
  'tenants:manage',
  'users:read',
  'users:manage',
  'users:impersonate',
  'billing:read',
  'billing:manage',
  'audit:read',
  'observability:read',
] as const;

export type PlatformPermission = (typeof PLATFORM_PERMISSIONS)[number];

export const PLATFORM_GROUPS = ['SUPER_ADMIN', 'BILLING_ADMIN', 'SUPPORT_ADMIN'] as const;
export type PlatformGroup = (typeof PLATFORM_GROUPS)[number];

export const GROUP_PERMISSIONS: Readonly<Record<PlatformGroup, readonly PlatformPermission[]>> = Object.freeze({
  SUPER_ADMIN: PLATFORM_PERMISSIONS,
  BILLING_ADMIN: ['tenants:read', 'billing:read', 'billing:manage'],
  SUPPORT_ADMIN: ['tenants:read', 'users:read', 'users:impersonate', 'audit:read'],
});

export function isPlatformPermission(value: unknown): value is PlatformPermission {
  return typeof value === 'string' && (PLATFORM_PERMISSIONS as readonly string[]).includes(value);
}

export function permissionsOfGroups(groups: readonly PlatformGroup[]): ReadonlySet<PlatformPermission> {
  return new Set(groups.flatMap((group) => GROUP_PERMISSIONS[group]));
}

export function isPlatformGroup(value: unknown): value is PlatformGroup {
  return typeof value === 'string' && (PLATFORM_GROUPS as readonly string[]).includes(value);
}
