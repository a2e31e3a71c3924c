import type { ImpersonationAction, ImpersonationEvent } from '../../impersonation/index.js';
import { eventTimes, ImpersonationActionList, statusLabel } from '../../portal/views/impersonation-views.js';
import { ApiForm, Field, Layout, Pager, SubmitButton, TextAreaField, type PageChrome } from '../../../platform/pages/index.js';
import type { Page } from '../../../platform/paging/index.js';

export interface ImpersonationAdminPageProps {
  readonly chrome: PageChrome;
  readonly base: string;
  readonly viewerId: string;
  readonly events: Page<ImpersonationEvent>;
  /** The tenant to fill in, when the admin came from that tenant's page. */
  readonly tenantId?: string | undefined;
}

/** `/admin/impersonation`: start support access, and every event of every tenant with its status. */
export function ImpersonationAdminPage({ chrome, base, viewerId, events, tenantId }: ImpersonationAdminPageProps) {
  return (
    <Layout chrome={chrome} title="Impersonation">
      <h1>Impersonation</h1>
      <section class="card" aria-labelledby="start-heading">
        <h2 id="start-heading">Enter a tenant as support</h2>
        <p>
          The tenant sees who came in, why, and every change made. When it requires approval, this sends a request to its owners and admins, and you start
          here once they approve.
        </p>
        <ApiForm api="/api/v1/admin/impersonation" action="support-access-answered">
          <Field id="impersonation-tenant" name="tenantId" label="Tenant ID" required minLength={36} maxLength={36} autocomplete="off" value={tenantId} />
          <TextAreaField id="impersonation-reason" name="reason" label="Reason (the tenant sees it)" required maxLength={500} />
          <Field id="impersonation-minutes" name="minutes" label="Minutes (at most 60)" inputMode="numeric" pattern="[0-9]{1,2}" required value="15" />
          <SubmitButton>Start support access</SubmitButton>
        </ApiForm>
      </section>
      <section class="card" aria-labelledby="events-heading">
        <h2 id="events-heading">Events</h2>
        {events.items.length === 0 && !events.prevCursor ? (
          <p class="empty">No support access has been requested or started yet.</p>
        ) : (
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Tenant</th>
                <th scope="col">Support</th>
                <th scope="col">Reason</th>
                <th scope="col">Status</th>
                <th scope="col">When</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {events.items.map((event) => (
                <tr key={event.id} data-impersonation-event={event.id} data-status={event.status}>
                  <th scope="row">
                    <a href={`${base}/impersonation/${event.id}`}>{event.tenantName}</a>
                  </th>
                  <td>{event.actorEmail}</td>
                  <td>{event.reason}</td>
                  <td>{statusLabel(event.status)}</td>
                  <td>{eventTimes(event)}</td>
                  <td>{event.actorId === viewerId ? <EventButtons event={event} /> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <Pager path={`${base}/impersonation`} page={events} label="Pages of impersonation events" />
      </section>
    </Layout>
  );
}

function EventButtons({ event }: { event: ImpersonationEvent }) {
  return (
    <>
      {event.status === 'approved' ? (
        <ApiForm api={`/api/v1/admin/impersonation/${event.id}/start`} action="support-access-answered" class="inline-form">
          <SubmitButton>Start</SubmitButton>
        </ApiForm>
      ) : null}
      {['active', 'requested', 'approved'].includes(event.status) ? (
        <ApiForm api={`/api/v1/admin/impersonation/${event.id}/end`} next="reload" class="inline-form">
          <SubmitButton variant="danger">{event.status === 'active' ? 'End' : 'Withdraw'}</SubmitButton>
        </ApiForm>
      ) : null}
    </>
  );
}

/** One event and every state-changing request made during it. */
export function ImpersonationEventAdminPage({ chrome, base, event, actions }: { chrome: PageChrome; base: string; event: ImpersonationEvent; actions: Page<ImpersonationAction> }) {
  return (
    <Layout chrome={chrome} title="Impersonation event">
      <p>
        <a href={`${base}/impersonation`}>← Impersonation</a>
      </p>
      <h1>
        {event.tenantName}: support access by {event.actorEmail}
      </h1>
      <p>
        {statusLabel(event.status)} · {event.minutes} minutes · {eventTimes(event)}
      </p>
      <p>Reason: {event.reason}</p>
      <section class="card" aria-labelledby="actions-heading">
        <h2 id="actions-heading">What was done</h2>
        <ImpersonationActionList actions={actions} pager={{ path: `${base}/impersonation/${event.id}`, label: 'Pages of actions' }} />
      </section>
    </Layout>
  );
}
