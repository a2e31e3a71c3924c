import type { ImpersonationAction, ImpersonationEvent, ImpersonationStatus } from '../../impersonation/index.js';
import { Pager, type PagerProps } from '../../../platform/pages/index.js';
import type { Page } from '../../../platform/paging/index.js';
import { formatDateTime } from '../../../platform/pages/index.js';

const STATUS_LABELS: Readonly<Record<ImpersonationStatus, string>> = {
  requested: 'Waiting for approval',
  approved: 'Approved, not started',
  denied: 'Denied',
  active: 'In progress',
  ended: 'Ended',
  expired: 'Expired',
};

export function statusLabel(status: ImpersonationStatus): string {
  return STATUS_LABELS[status];
}

/** When it ran, or what it waits for: one line of an event's times. */
export function eventTimes(event: ImpersonationEvent): string {
  if (event.startedAt && event.expiresAt) {
    const end = event.endedAt && event.endedAt < event.expiresAt ? `ended ${formatDateTime(event.endedAt)}` : `time box ends ${formatDateTime(event.expiresAt)}`;
    return `started ${formatDateTime(event.startedAt)} · ${end}`;
  }
  if (event.status === 'requested') return `requested ${formatDateTime(event.requestedAt)} · answer by ${formatDateTime(event.requestExpiresAt)}`;
  if (event.status === 'approved' && event.approvalExpiresAt) return `approved by ${event.decidedByEmail ?? 'a former admin'} · start by ${formatDateTime(event.approvalExpiresAt)}`;
  return `requested ${formatDateTime(event.requestedAt)}${event.decidedAt ? ` · answered ${formatDateTime(event.decidedAt)}` : ''}`;
}

/** Every state-changing request made under one impersonation, oldest first, paged. */
export function ImpersonationActionList({ actions, pager }: { actions: Page<ImpersonationAction>; pager: Omit<PagerProps, 'page'> }) {
  if (actions.items.length === 0 && !actions.prevCursor) return <p class="empty">Nothing was changed during this support access.</p>;
  return (
    <>
      <table class="table">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Request</th>
            <th scope="col">Answer</th>
          </tr>
        </thead>
        <tbody>
          {actions.items.map((action) => (
            <tr key={action.id} data-impersonation-action>
              <td>{formatDateTime(action.occurredAt)}</td>
              <td>
                <code>
                  {action.method} {action.route}
                </code>
              </td>
              <td>{action.statusCode ?? 'no answer'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager {...pager} page={actions} />
    </>
  );
}
