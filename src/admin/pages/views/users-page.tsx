import { Layout, Pager, type PageChrome } from '../../../platform/pages/index.js';
import type { Page } from '../../../platform/paging/index.js';
import type { AdminUser } from '../../queries/list-users.js';
import { formatDateTime } from './format.js';
import { DisabledBadge, SearchForm } from './parts.js';

export function UsersPage({ chrome, base, q, cursor, page }: { chrome: PageChrome; base: string; q?: string | undefined; cursor?: string | undefined; page: Page<AdminUser> }) {
  const path = `${base}/users`;
  return (
    <Layout chrome={chrome} title="Users">
      <h1>Users</h1>
      <SearchForm action={path} label="Search by email, name or id" q={q} />
      {page.items.length === 0 ? (
        <p class="empty">{q ? `No user matches “${q}”.` : cursor ? 'No more users.' : 'No user has signed up yet.'}</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Name</th>
              <th scope="col">Signed up</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((user) => (
              <tr key={user.id}>
                <td>
                  <a href={`${path}/${user.id}`}>{user.email}</a>
                  <DisabledBadge disabledAt={user.disabledAt} />
                  {user.emailVerified ? null : <span class="badge">Unverified</span>}
                </td>
                <td>{user.displayName ?? ''}</td>
                <td>{formatDateTime(user.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager path={path} page={page} query={{ q }} label="Pages of users" />
    </Layout>
  );
}
