import { ApiForm, Field, HiddenField, Layout, Pager, SelectField, SubmitButton, TextAreaField, type PageChrome } from '../../../../platform/pages/index.js';
import type { Page } from '../../../../platform/paging/index.js';
import type { Activity } from '../../activity/activity.types.js';
import { recordCollection } from '../../customers/record-paths.js';
import type { RecordDetail } from '../../customers/records.types.js';
import { SENSITIVE_FIELD_SPECS, SENSITIVE_FIELDS } from '../../customers/sensitive-fields.js';
import type { Note } from '../../notes/notes.types.js';
import type { Task } from '../../tasks/tasks.types.js';
import type { RecordPageQuery } from '../record-page-data.js';
import { Timeline } from './timeline.js';

export interface RecordPageProps {
  readonly chrome: PageChrome;
  readonly base: string;
  /** The record with one page of its tags and links; one page of each other list. */
  readonly record: RecordDetail;
  readonly notes: Page<Note>;
  readonly tasks: Page<Task>;
  readonly activity: Page<Activity>;
  /** The first labels by name, for the "add a tag" menu. */
  readonly labelChoices: ReadonlyArray<{ id: string; name: string }>;
  /** The members this page names (assignees, timeline actors). */
  readonly names: ReadonlyArray<{ userId: string; email: string }>;
  /** The first members, for the "assign to" menu. */
  readonly assignable: ReadonlyArray<{ userId: string; email: string }>;
  /** Where each list stands (its cursor parameter): paging one list keeps the others where they are. */
  readonly cursors: RecordPageQuery;
}

/** One person or company: contact details, masked sensitive fields with reveal, tags, links, notes, tasks, timeline; each list one page at a time. */
export function RecordPage({ chrome, base, record, notes, tasks, activity, labelChoices, names, assignable, cursors }: RecordPageProps) {
  const othersThan = (param: keyof RecordPageQuery) => ({ ...cursors, [param]: undefined });
  const sensitive = SENSITIVE_FIELDS.filter((field) => SENSITIVE_FIELD_SPECS[field].kinds.includes(record.kind));
  const linkPath = (kind: string) => (kind === 'person' ? 'people' : 'companies');
  const self = `${base}/${linkPath(record.kind)}/${record.id}`;
  return (
    <Layout chrome={chrome} title={record.name}>
      <h1>{record.name}</h1>
      <p class="lead">{record.kind === 'person' ? 'Person' : 'Company'}</p>
      <section class="card" aria-labelledby="details-heading">
        <h2 id="details-heading">Details</h2>
        <dl class="details">
          <dt>Email</dt>
          <dd>{record.email ?? '—'}</dd>
          <dt>Phone</dt>
          <dd>{record.phone ?? '—'}</dd>
          <dt>Address</dt>
          <dd>{record.address ?? '—'}</dd>
        </dl>
      </section>

      <section class="card" aria-labelledby="sensitive-heading">
        <h2 id="sensitive-heading">Sensitive details</h2>
        <p class="hint">Shown masked. Revealing one needs your second factor within the last 5 minutes, and is recorded on the timeline.</p>
        <ul class="item-list">
          {sensitive.map((field) => {
            const value = record.sensitive[field];
            return (
              <li key={field} class="item">
                <div class="item-main">
                  <p class="item-title">{SENSITIVE_FIELD_SPECS[field].label}</p>
                  <p class="item-meta" data-sensitive-value={field}>
                    {value ? value.masked : 'Not set'}
                  </p>
                </div>
                {value?.available ? (
                  <ApiForm api={`/api/v1/records/entries/${record.id}/reveal`} action="show-revealed" class="inline-form">
                    <HiddenField name="field" value={field} />
                    <button type="submit" class="button button-secondary" aria-label={`Reveal ${SENSITIVE_FIELD_SPECS[field].label}`}>
                      Reveal
                    </button>
                  </ApiForm>
                ) : null}
              </li>
            );
          })}
        </ul>
        <ApiForm api="/api/v1/auth/mfa/verify" next="reload" labelledBy="reverify-heading">
          <h3 id="reverify-heading">Confirm it is you</h3>
          <Field id="reverify-code" name="code" label="Code from your authenticator app" autocomplete="one-time-code" required minLength={6} maxLength={40} />
          <SubmitButton variant="secondary">Confirm</SubmitButton>
        </ApiForm>
      </section>

      <section class="card" aria-labelledby="labels-heading">
        <h2 id="labels-heading">Tags</h2>
        {record.labels.items.length === 0 ? <p class="empty">No tags.</p> : <p>{record.labels.items.map((label) => <span key={label.id} class="badge">{label.name}</span>)}</p>}
        <Pager path={self} param="labels" query={othersThan('labels')} page={record.labels} label="Pages of tags" />
        {labelChoices.length > 0 ? (
          <ApiForm api={`/api/v1/records/entries/${record.id}/labels`} next="reload" class="inline-form">
            <SelectField id="labelId" name="labelId" label="Add a tag" options={labelChoices.map((label) => ({ value: label.id, label: label.name }))} />
            <SubmitButton variant="secondary">Tag</SubmitButton>
          </ApiForm>
        ) : null}
      </section>

      <section class="card" aria-labelledby="links-heading">
        <h2 id="links-heading">{record.kind === 'person' ? 'Companies' : 'People'}</h2>
        {record.links.items.length === 0 ? (
          <p class="empty">None linked yet.</p>
        ) : (
          <ul class="item-list">
            {record.links.items.map((link) => (
              <li key={link.id} class="item">
                <a href={`${base}/${recordCollection(link.kind)}/${link.id}`}>{link.name}</a>
                {link.role ? <span class="item-meta">{link.role}</span> : null}
              </li>
            ))}
          </ul>
        )}
        <Pager path={self} param="links" query={othersThan('links')} page={record.links} label={record.kind === 'person' ? 'Pages of companies' : 'Pages of people'} />
      </section>

      <section class="card" aria-labelledby="tasks-heading">
        <h2 id="tasks-heading">Tasks</h2>
        {tasks.items.length === 0 ? (
          <p class="empty">No open tasks.</p>
        ) : (
          <ul class="item-list">
            {tasks.items.map((task) => (
              <li key={task.id} id={`task-${task.id}`} class="item">
                <span>
                  {task.title} · due {task.dueOn}
                </span>
              </li>
            ))}
          </ul>
        )}
        <Pager path={self} param="tasks" query={othersThan('tasks')} page={tasks} label="Pages of tasks" />
        <ApiForm api={`/api/v1/records/entries/${record.id}/tasks`} next="reload">
          <Field id="task-title" name="title" label="Task" required maxLength={200} />
          <SelectField id="task-assignee" name="assigneeId" label="Assign to" required options={assignable.map((member) => ({ value: member.userId, label: member.email }))} />
          <Field id="task-due" name="dueOn" type="date" label="Due on" required />
          <SubmitButton variant="secondary">Add task</SubmitButton>
        </ApiForm>
      </section>

      <section class="card" aria-labelledby="notes-heading">
        <h2 id="notes-heading">Notes</h2>
        <ApiForm api={`/api/v1/records/entries/${record.id}/notes`} next="reload">
          <TextAreaField id="note-body" name="body" label="New note" required maxLength={10_000} />
          <SubmitButton variant="secondary">Add note</SubmitButton>
        </ApiForm>
        {notes.items.length === 0 ? (
          <p class="empty">No notes yet.</p>
        ) : (
          <ul class="item-list">
            {notes.items.map((note) => (
              <li key={note.id} class="item note">
                <p>{note.body}</p>
                <p class="item-meta">{note.createdAt.slice(0, 16).replace('T', ' ')} UTC</p>
              </li>
            ))}
          </ul>
        )}
        <Pager path={self} param="notes" query={othersThan('notes')} page={notes} label="Pages of notes" />
      </section>

      <Timeline activity={activity} members={names} pager={<Pager path={self} param="activity" query={othersThan('activity')} page={activity} label="Pages of the timeline" />} />
    </Layout>
  );
}
