import { formatDateTime } from '../../../platform/pages/index.js';
import { COMPONENT_STATE_LABELS, type Incident, type StatusReport } from '../../status/index.js';
import { TrustLayout, type TrustPageContext } from './trust-chrome.js';

export function StatusPage({ context, report }: { context: TrustPageContext; report: StatusReport }) {
  return (
    <TrustLayout context={context} path="/status" title="Status">
      <h1>Status</h1>
      <p class="lead">
        <span class={`state state-${report.overall}`}>{COMPONENT_STATE_LABELS[report.overall]}</span> as of{' '}
        <time dateTime={report.generatedAt.toISOString()}>{formatDateTime(report.generatedAt)}</time>
      </p>
      <p class="downloads">
        <a href="/status.json">JSON</a>
        <a href="/status/feed.atom">Atom feed</a>
      </p>
      <table class="table">
        <thead>
          <tr>
            <th scope="col">Component</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {report.components.map((component) => (
            <tr key={component.id}>
              <th scope="row">{component.name}</th>
              <td>
                <span class={`state state-${component.state}`}>{COMPONENT_STATE_LABELS[component.state]}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <section aria-labelledby="active">
        <h2 id="active">Active incidents</h2>
        {report.active.length === 0 ? <p class="empty">No active incidents.</p> : report.active.map((incident) => <IncidentView key={incident.id} incident={incident} />)}
      </section>
      <section aria-labelledby="resolved">
        <h2 id="resolved">Resolved in the last 30 days</h2>
        {report.resolved.length === 0 ? <p class="empty">None.</p> : report.resolved.map((incident) => <IncidentView key={incident.id} incident={incident} />)}
      </section>
    </TrustLayout>
  );
}

function IncidentView({ incident }: { incident: Incident }) {
  return (
    <article class="incident" id={`incident-${incident.id}`}>
      <h3>
        {incident.title} <span class="badge">{incident.state}</span>
      </h3>
      <ol class="incident-updates">
        {incident.updates.map((update) => (
          <li key={update.createdAt.toISOString()}>
            <time dateTime={update.createdAt.toISOString()}>{formatDateTime(update.createdAt)}</time> <strong>{update.state}</strong>: {update.message}
          </li>
        ))}
      </ol>
    </article>
  );
}
