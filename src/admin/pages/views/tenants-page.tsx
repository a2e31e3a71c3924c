import { Layout, Pager, type PageChrome } from '../../../platform/pages/index.js';
import type { Page } from '../../../platform/paging/index.js';
import type { AdminTenant } from '../../queries/list-tenants.js';
import { formatDateTime } from './format.js';
import { DisabledBadge, SearchForm } from './parts.js';

export function TenantsPage({ chrome, base, q, cursor, page }: { chrome: PageChrome; base: string; q?: string | undefined; cursor?: string | undefined; page: Page<AdminTenant> }) {
  const path = `${base}/tenants`;
  return (
    <Layout chrome={chrome} title="Tenants">
      <h1>Tenants</h1>
      <SearchForm action={path} label="Search by name or id" q={q} />
      {page.items.length === 0 ? (
        <p class="empty">{q ? `No tenant matches “${q}”.` : cursor ? 'No more tenants.' : 'No tenant exists yet: the first one is made at sign-up.'}</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Members</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((tenant) => (
              <tr key={tenant.id}>
                <td>
                  <a href={`${path}/${tenant.id}`}>{tenant.name}</a>
                  <DisabledBadge disabledAt={tenant.disabledAt} />
                </td>
                <td>{tenant.memberCount}</td>
                <td>{formatDateTime(tenant.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager path={path} page={page} query={{ q }} label="Pages of tenants" />
    </Layout>
  );
}
