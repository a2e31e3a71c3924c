import type { ComponentChildren } from 'preact';
import type { Page } from '../../../../platform/paging/index.js';
import type { Activity } from '../../activity/activity.types.js';
import { SENSITIVE_FIELD_SPECS, SENSITIVE_FIELDS, type SensitiveField } from '../../customers/sensitive-fields.js';

const DESCRIBE: Record<string, (detail: Record<string, string>) => string> = {
  created: () => 'Created',
  imported: () => 'Imported from a CSV file',
  linked: () => 'Linked',
  tagged: () => 'Tagged',
  note_added: () => 'Added a note',
  task_created: (detail) => `Created the task “${detail.title ?? ''}”`,
  task_completed: (detail) => `Completed the task “${detail.title ?? ''}”`,
  field_revealed: (detail) => `Revealed the ${isSensitiveField(detail.field) ? SENSITIVE_FIELD_SPECS[detail.field].label : 'a sensitive field'}`,
};

function isSensitiveField(value: string | undefined): value is SensitiveField {
  return (SENSITIVE_FIELDS as readonly string[]).includes(value ?? '');
}

/** What happened to a record, newest first, and who did it: one page, with its pager. */
export function Timeline({ activity, members, pager }: { activity: Page<Activity>; members: ReadonlyArray<{ userId: string; email: string }>; pager: ComponentChildren }) {
  const names = new Map(members.map((member) => [member.userId, member.email]));
  return (
    <section class="card" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">Timeline</h2>
      <ol class="item-list" data-timeline>
        {activity.items.map((event) => (
          <li key={event.id} class="item">
            <span>{(DESCRIBE[event.action] ?? (() => event.action))(event.detail)}</span>
            <span class="item-meta">
              {names.get(event.actorId) ?? 'A former member'} · {event.createdAt.slice(0, 16).replace('T', ' ')} UTC
            </span>
          </li>
        ))}
      </ol>
      {pager}
    </section>
  );
}
