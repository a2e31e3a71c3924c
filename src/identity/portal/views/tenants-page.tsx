import type { Page } from '../../../platform/paging/index.js';
import type { MyTenant } from '../../tenants/index.js';
import { ApiForm, Field, HiddenField, SubmitButton, Layout, Pager, type PageChrome } from '../../../platform/pages/index.js';

export interface TenantsPageProps {
  readonly chrome: PageChrome;
  /** One page of the viewer's tenants, in the order they joined. */
  readonly tenants: Page<MyTenant>;
}

export function TenantsPage({ chrome, tenants }: TenantsPageProps) {
  return (
    <Layout chrome={chrome} title="Tenants">
      <h1>Tenants</h1>
      <section class="card" aria-labelledby="switch-heading">
        <h2 id="switch-heading">Your tenants</h2>
        {tenants.items.length === 0 && !tenants.prevCursor ? (
          <p class="empty">You do not belong to any tenant yet. Create one below, or accept an invitation from a colleague.</p>
        ) : (
          <ul class="item-list">
            {tenants.items.map((tenant) => (
              <li key={tenant.id} class="item">
                <div class="item-main">
                  <p class="item-title">
                    {tenant.name}
                    {tenant.active ? <span class="badge">Current</span> : null}
                    {tenant.disabled ? <span class="badge badge-warning">Disabled</span> : null}
                  </p>
                  <p class="item-meta">
                    Your role: {tenant.role}
                    {tenant.disabled ? ' · A platform administrator disabled this tenant: its apps cannot be opened.' : ''}
                  </p>
                </div>
                {tenant.active ? null : (
                  <ApiForm api="/api/v1/auth/tenants/switch" next="/" class="item-action">
                    <HiddenField name="tenantId" value={tenant.id} />
                    <SubmitButton variant="secondary">Switch to {tenant.name}</SubmitButton>
                  </ApiForm>
                )}
              </li>
            ))}
          </ul>
        )}
        <Pager path="/tenants" page={tenants} label="Pages of your tenants" />
      </section>
      <section class="card" aria-labelledby="create-heading">
        <h2 id="create-heading">Create a tenant</h2>
        <ApiForm api="/api/v1/auth/tenants" next="reload">
          <Field id="tenant-name" name="name" label="Name" autocomplete="organization" required maxLength={200} />
          <SubmitButton>Create tenant</SubmitButton>
        </ApiForm>
      </section>
    </Layout>
  );
}
