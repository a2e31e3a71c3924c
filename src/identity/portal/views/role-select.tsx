import { TENANT_ROLES, type TenantRole } from '../../tenants/index.js';

const ROLE_LABELS: Record<TenantRole, string> = { owner: 'Owner', admin: 'Admin', member: 'Member' };

export interface RoleSelectProps {
  readonly id: string;
  readonly label: string;
  readonly value: TenantRole;
  /** Only owners may hand out the owner role; the API enforces it, the form just does not offer it. */
  readonly allowOwner: boolean;
  readonly hideLabel?: boolean;
}

export function RoleSelect({ id, label, value, allowOwner, hideLabel }: RoleSelectProps) {
  const roles = allowOwner || value === 'owner' ? TENANT_ROLES : TENANT_ROLES.filter((role) => role !== 'owner');
  return (
    <div class="field">
      <label for={id} class={hideLabel ? 'visually-hidden' : undefined}>
        {label}
      </label>
      <select id={id} name="role" value={value}>
        {roles.map((role) => (
          <option key={role} value={role} selected={role === value}>
            {ROLE_LABELS[role]}
          </option>
        ))}
      </select>
    </div>
  );
}

export function roleLabel(role: TenantRole): string {
  return ROLE_LABELS[role];
}
