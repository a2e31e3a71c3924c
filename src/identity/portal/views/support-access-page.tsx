import type { ImpersonationAction, ImpersonationEvent } from '../../impersonation/index.js';
import { ApiForm, HiddenField, Layout, Pager, SubmitButton, type PageChrome } from '../../../platform/pages/index.js';
import type { Page } from '../../../platform/paging/index.js';
import { eventTimes, ImpersonationActionList, statusLabel } from './impersonation-views.js';

export interface SupportAccessPageProps {
  readonly chrome: PageChrome;
  /** Null without an active tenant the viewer manages. */
  readonly tenant: {
    readonly name: string;
    readonly needsApproval: boolean;
    readonly pending: readonly ImpersonationEvent[];
    readonly events: Page<ImpersonationEvent>;
  } | null;
}

/** Tenant settings → Support access: the approval setting, requests to answer, and every impersonation. */
export function SupportAccessPage({ chrome, tenant }: SupportAccessPageProps) {
  if (!tenant) {
    return (
      <Layout chrome={chrome} title="Support access">
        <h1>Support access</h1>
        <p class="empty">
          Only owners and admins of the active tenant see its support access. <a href="/tenants">Choose a tenant</a>.
        </p>
      </Layout>
    );
  }
  return (
    <Layout chrome={chrome} title={`Support access to ${tenant.name}`}>
      <h1>Support access to {tenant.name}</h1>
      <section class="card" aria-labelledby="approval-heading">
        <h2 id="approval-heading">Approval</h2>
        <p data-support-approval={tenant.needsApproval ? 'required' : 'off'}>
          {tenant.needsApproval
            ? 'Support access needs your approval: bsns support can only come in after an owner or admin approves, for the time asked.'
            : 'Support access does not need your approval: bsns support can enter for at most an hour, and you see here everything it did.'}
        </p>
        <ApiForm api="/api/v1/tenant/support-access" method="PATCH" next="reload" class="inline-form">
          <HiddenField name="needsApproval" value={tenant.needsApproval ? 'false' : 'true'} />
          <SubmitButton variant="secondary">{tenant.needsApproval ? 'Stop requiring approval' : 'Require our approval'}</SubmitButton>
        </ApiForm>
      </section>
      <section class="card" aria-labelledby="pending-heading">
        <h2 id="pending-heading">Pending requests</h2>
        {tenant.pending.length === 0 ? (
          <p class="empty">No request is waiting for an answer.</p>
        ) : (
          <ul class="item-list">
            {tenant.pending.map((event) => (
              <li key={event.id} class="item" data-pending-request={event.id}>
                <div class="item-main">
                  <p class="item-title">
                    {event.actorEmail} asks for {event.minutes} minutes
                  </p>
                  <p class="item-meta">Reason: {event.reason}</p>
                  <p class="item-meta">{eventTimes(event)}</p>
                </div>
                <ApiForm api={`/api/v1/tenant/support-access/events/${event.id}/approve`} next="reload" class="item-action">
                  <SubmitButton>Approve</SubmitButton>
                </ApiForm>
                <ApiForm api={`/api/v1/tenant/support-access/events/${event.id}/deny`} next="reload" class="item-action">
                  <SubmitButton variant="danger">Deny</SubmitButton>
                </ApiForm>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section class="card" aria-labelledby="events-heading">
        <h2 id="events-heading">Support access history</h2>
        {tenant.events.items.length === 0 && !tenant.events.prevCursor ? (
          <p class="empty">Support has never asked for or used access to this tenant.</p>
        ) : (
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Support</th>
                <th scope="col">Reason</th>
                <th scope="col">Status</th>
                <th scope="col">When</th>
              </tr>
            </thead>
            <tbody>
              {tenant.events.items.map((event) => (
                <tr key={event.id} data-impersonation-event={event.id}>
                  <th scope="row">
                    <a href={`/tenant/support-access/${event.id}`}>{event.actorEmail}</a>
                  </th>
                  <td>{event.reason}</td>
                  <td>{statusLabel(event.status)}</td>
                  <td>{eventTimes(event)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <Pager path="/tenant/support-access" page={tenant.events} label="Pages of support access" />
      </section>
    </Layout>
  );
}

/** One impersonation of the tenant with every action taken in it. */
export function SupportAccessEventPage({ chrome, event, actions }: { chrome: PageChrome; event: ImpersonationEvent; actions: Page<ImpersonationAction> }) {
  return (
    <Layout chrome={chrome} title="Support access">
      <p>
        <a href="/tenant/support-access">← Support access</a>
      </p>
      <h1>Support access by {event.actorEmail}</h1>
      <p>
        {statusLabel(event.status)} · {event.minutes} minutes · {eventTimes(event)}
      </p>
      <p>Reason: {event.reason}</p>
      <section class="card" aria-labelledby="actions-heading">
        <h2 id="actions-heading">What was done</h2>
        <ImpersonationActionList actions={actions} pager={{ path: `/tenant/support-access/${event.id}`, label: 'Pages of actions' }} />
      </section>
    </Layout>
  );
}
