import { Layout, Pager, type PageChrome } from '../../../platform/pages/index.js';
import type { Page } from '../../../platform/paging/index.js';
import type { AdminMembership } from '../../queries/list-memberships.js';
import type { AdminTenant } from '../../queries/list-tenants.js';
import { formatDateTime } from './format.js';
import { ActionButton, DisabledBadge, MembershipTable } from './parts.js';

export function TenantPage({ chrome, base, tenant, members }: { chrome: PageChrome; base: string; tenant: AdminTenant; members: Page<AdminMembership> | null }) {
  const path = `${base}/tenants/${tenant.id}`;
  const api = `/api/v1/admin/tenants/${tenant.id}`;
  return (
    <Layout chrome={chrome} title={tenant.name}>
      <p>
        <a href={`${base}/tenants`}>← Tenants</a>
      </p>
      <h1>
        {tenant.name}
        <DisabledBadge disabledAt={tenant.disabledAt} />
      </h1>
      <dl class="details">
        <dt>Id</dt>
        <dd class="mono">{tenant.id}</dd>
        <dt>Created</dt>
        <dd>{formatDateTime(tenant.createdAt)}</dd>
        <dt>State</dt>
        <dd>{tenant.disabledAt ? `Disabled ${formatDateTime(tenant.disabledAt)}: its tokens are refused and its apps cannot be opened.` : 'Enabled'}</dd>
      </dl>
      <section class="card" aria-labelledby="tenant-actions">
        <h2 id="tenant-actions">Actions</h2>
        {tenant.disabledAt ? (
          <ActionButton api={`${api}/enable`} label="Enable tenant" />
        ) : (
          <ActionButton
            api={`${api}/disable`}
            label="Disable tenant"
            variant="danger"
            confirm={`Disable ${tenant.name}? Its members are signed out of it, its access tokens stop working and its apps cannot be opened.`}
          />
        )}
      </section>
      <p>
        <a href={`${base}/impersonation?tenant=${tenant.id}`}>Enter this tenant as support…</a>
      </p>
      <section class="card" aria-labelledby="tenant-members">
        <h2 id="tenant-members">Members ({tenant.memberCount})</h2>
        {members === null ? (
          <p class="hint">Members are shown to platform admins who may read users.</p>
        ) : members.items.length === 0 ? (
          <p class="empty">This tenant has no members.</p>
        ) : (
          <MembershipTable base={base} items={members.items} show="user" />
        )}
        {members ? <Pager path={path} page={members} param="members" label="Pages of members" /> : null}
      </section>
    </Layout>
  );
}
