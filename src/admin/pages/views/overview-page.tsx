import { Layout, type PageChrome } from '../../../platform/pages/index.js';
import type { AdminOverview } from '../../queries/overview.js';

/** `/admin`: the platform's totals and where to go from there. */
export function OverviewPage({ chrome, base, totals }: { chrome: PageChrome; base: string; totals: AdminOverview }) {
  const entries: ReadonlyArray<readonly [string, number, string]> = [
    ['Users', totals.users, `${base}/users`],
    ['Disabled users', totals.disabledUsers, `${base}/users`],
    ['Tenants', totals.tenants, `${base}/tenants`],
    ['Disabled tenants', totals.disabledTenants, `${base}/tenants`],
    ['Live sessions', totals.liveSessions, `${base}/sessions`],
    ['Live access tokens', totals.liveTokens, `${base}/tokens`],
  ];
  return (
    <Layout chrome={chrome} title="Platform administration">
      <h1>Platform administration</h1>
      <p class="lead">Every action taken here is written to the audit log, with the permission that allowed it.</p>
      <ul class="totals">
        {entries.map(([label, count, href]) => (
          <li key={label}>
            <strong>{count}</strong>
            <a href={href}>{label}</a>
          </li>
        ))}
      </ul>
      <p>
        <a href={`${base}/audit`}>Read the audit log</a>
      </p>
    </Layout>
  );
}
