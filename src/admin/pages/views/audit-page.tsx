import type { AuditRecord } from '../../../platform/audit/index.js';
import { Layout, type PageChrome } from '../../../platform/pages/index.js';
import { formatDateTime } from './format.js';

export interface AuditFilterValues {
  readonly action?: string | undefined;
  readonly actor?: string | undefined;
  readonly tenant?: string | undefined;
  readonly before?: number | undefined;
}

export interface AuditPageProps {
  readonly chrome: PageChrome;
  readonly base: string;
  readonly filter: AuditFilterValues;
  readonly entries: readonly AuditRecord[];
  readonly nextBefore: number | null;
}

/** `/admin/audit`: the platform audit log, newest first, filtered by action, actor and tenant, one keyset page at a time. */
export function AuditPage({ chrome, base, filter, entries, nextBefore }: AuditPageProps) {
  const path = `${base}/audit`;
  const kept = Object.entries({ action: filter.action, actor: filter.actor, tenant: filter.tenant }).filter((entry): entry is [string, string] => Boolean(entry[1]));
  const older = nextBefore === null ? null : `${path}?${new URLSearchParams([...kept, ['before', String(nextBefore)]]).toString()}`;
  const filtered = kept.length > 0;
  return (
    <Layout chrome={chrome} title="Audit log">
      <h1>Audit log</h1>
      <form method="get" action={path} class="search-form" role="search">
        <div class="field">
          <label for="action">Action</label>
          <input id="action" name="action" type="search" maxLength={100} value={filter.action ?? ''} placeholder="admin.user.disabled" />
        </div>
        <div class="field">
          <label for="actor">Actor id</label>
          <input id="actor" name="actor" type="search" maxLength={200} value={filter.actor ?? ''} />
        </div>
        <div class="field">
          <label for="tenant">Tenant id</label>
          <input id="tenant" name="tenant" type="search" maxLength={36} value={filter.tenant ?? ''} />
        </div>
        <button type="submit" class="button button-secondary">
          Filter
        </button>
      </form>
      {entries.length === 0 ? (
        <p class="empty">{filtered ? 'No entry matches these filters.' : filter.before ? 'No older entries.' : 'The audit log is empty.'}</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">When</th>
              <th scope="col">Action</th>
              <th scope="col">Actor</th>
              <th scope="col">Permission</th>
              <th scope="col">Target</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.seq}>
                <td>{entry.seq}</td>
                <td>{formatDateTime(entry.occurredAt)}</td>
                <td>{entry.action}</td>
                <td>{entry.actorType === 'user' && entry.actorId ? <a href={`${base}/users/${entry.actorId}`}>{entry.actorId}</a> : `${entry.actorType}${entry.actorId ? ` ${entry.actorId}` : ''}`}</td>
                <td>{entry.permission ?? '—'}</td>
                <td>{entry.targetType ? <TargetLink base={base} type={entry.targetType} id={entry.targetId ?? ''} /> : '—'}</td>
                <td class="mono">
                  {Object.entries(entry.metadata)
                    .map(([key, value]) => `${key}=${String(value)}`)
                    .join(' ')}
                  {entry.clientAddress ? ` from ${entry.clientAddress}` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {older || filter.before ? (
        <nav class="pager" aria-label="Pages of the audit log">
          {filter.before ? <a href={kept.length > 0 ? `${path}?${new URLSearchParams(kept).toString()}` : path}>← Newest</a> : null}
          {older ? (
            <a href={older} rel="next">
              Older →
            </a>
          ) : null}
        </nav>
      ) : null}
    </Layout>
  );
}

function TargetLink({ base, type, id }: { base: string; type: string; id: string }) {
  if (type === 'user') return <a href={`${base}/users/${id}`}>user {id}</a>;
  if (type === 'tenant') return <a href={`${base}/tenants/${id}`}>tenant {id}</a>;
  return <>{`${type} ${id}`}</>;
}
