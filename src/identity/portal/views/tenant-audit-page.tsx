import type { AuditRecord } from '../../../platform/audit/index.js';
import { Layout, Pager, type PageChrome } from '../../../platform/pages/index.js';
import { formatDateTime } from '../../../platform/pages/index.js';

export interface TenantAuditPageProps {
  readonly chrome: PageChrome;
  /** Null without an active tenant the viewer manages. */
  readonly tenant: {
    readonly name: string;
    readonly entries: readonly AuditRecord[];
    readonly nextBefore: number | null;
    readonly paged: boolean;
    /** The email address of each user id among the entries' actors. */
    readonly actorEmails: ReadonlyMap<string, string>;
  } | null;
}

function actorText(entry: AuditRecord, emails: ReadonlyMap<string, string>): string {
  if (entry.actorType === 'user') return entry.actorId ? (emails.get(entry.actorId) ?? 'a deleted user') : 'a user';
  return entry.actorType === 'cli' ? 'an operator (command line)' : entry.actorType;
}

function detailsText(entry: AuditRecord): string {
  return Object.entries(entry.metadata)
    .map(([key, value]) => `${key}: ${String(value)}`)
    .join(' · ');
}

/** Tenant settings → Audit log: the platform audit entries about this tenant, newest first. */
export function TenantAuditPage({ chrome, tenant }: TenantAuditPageProps) {
  if (!tenant) {
    return (
      <Layout chrome={chrome} title="Audit log">
        <h1>Audit log</h1>
        <p class="empty">
          Only owners and admins of the active tenant see its audit log. <a href="/tenants">Choose a tenant</a>.
        </p>
      </Layout>
    );
  }
  return (
    <Layout chrome={chrome} title={`Audit log of ${tenant.name}`}>
      <h1>Audit log of {tenant.name}</h1>
      <section class="card" aria-labelledby="audit-heading">
        <h2 id="audit-heading">Entries</h2>
        {tenant.entries.length === 0 ? (
          <p class="empty">{tenant.paged ? 'No older entries.' : 'Nothing about this tenant has been audited yet.'}</p>
        ) : (
          <table class="table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Action</th>
                <th scope="col">Who</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {tenant.entries.map((entry) => (
                <tr key={entry.seq} data-audit-entry={entry.action}>
                  <td>{formatDateTime(entry.occurredAt)}</td>
                  <td>
                    <code>{entry.action}</code>
                  </td>
                  <td>{actorText(entry, tenant.actorEmails)}</td>
                  <td>{detailsText(entry)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {/* The log pages backwards by sequence number only: older entries, or back to the newest. */}
        <Pager path="/tenant/audit" param="before" page={{ nextCursor: tenant.nextBefore === null ? null : String(tenant.nextBefore), prevCursor: null }} label="Pages of the audit log" />
        {tenant.paged ? (
          <p>
            <a href="/tenant/audit">Newest entries</a>
          </p>
        ) : null}
      </section>
    </Layout>
  );
}
