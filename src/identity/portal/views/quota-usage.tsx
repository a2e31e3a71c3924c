import { QUOTA_TABLE, type QuotaUsage } from '../../../platform/quotas/index.js';

/** The tenant's usage against its limits, so an owner sees a quota coming before a create is refused. */
export function QuotaUsageSection({ usage }: { usage: readonly QuotaUsage[] }) {
  return (
    <section class="card" aria-labelledby="usage-heading">
      <h2 id="usage-heading">Usage and limits</h2>
      <table class="table usage-table">
        <thead>
          <tr>
            <th scope="col">Quota</th>
            <th scope="col">Used</th>
            <th scope="col">Limit</th>
          </tr>
        </thead>
        <tbody>
          {usage.map((row) => (
            <tr key={row.key} data-quota={row.key}>
              <th scope="row">
                {QUOTA_TABLE[row.key].description} <span class="item-meta">{row.key}</span>
              </th>
              <td>{row.usage}</td>
              <td>{row.limit}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
