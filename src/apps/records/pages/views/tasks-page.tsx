import { ApiForm, Layout, Pager, SubmitButton, type PageChrome } from '../../../../platform/pages/index.js';
import type { ListTasksQuery, TaskPage } from '../../tasks/tasks.types.js';

export interface TasksPageProps {
  readonly chrome: PageChrome;
  readonly base: string;
  readonly query: ListTasksQuery;
  readonly page: TaskPage;
  /** The assignees of the tasks on this page. */
  readonly members: ReadonlyArray<{ userId: string; email: string }>;
}

/** Open tasks by due date, everyone's or the viewer's own, one page at a time. */
export function TasksPage({ chrome, base, query, page, members }: TasksPageProps) {
  const names = new Map(members.map((member) => [member.userId, member.email]));
  const filter = (assignee: 'me' | 'anyone') => `${base}/tasks?assignee=${assignee}`;
  return (
    <Layout chrome={chrome} title="Tasks">
      <h1>Tasks</h1>
      <p>
        <a href={filter('anyone')} aria-current={query.assignee === 'anyone' ? 'true' : undefined}>
          Everyone's
        </a>{' '}
        ·{' '}
        <a href={filter('me')} aria-current={query.assignee === 'me' ? 'true' : undefined}>
          Mine
        </a>
      </p>
      {page.items.length === 0 ? (
        <p class="empty">{query.cursor ? 'No more tasks.' : query.status === 'open' ? 'No open tasks. Add one from a person or company page.' : 'No tasks.'}</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">Task</th>
              <th scope="col">Record</th>
              <th scope="col">Assignee</th>
              <th scope="col">Due</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((task) => (
              <tr key={task.id}>
                <td>{task.title}</td>
                <td>{task.recordName}</td>
                <td>{names.get(task.assigneeId) ?? 'A former member'}</td>
                <td>{task.dueOn}</td>
                <td>
                  {task.done ? (
                    'Done'
                  ) : (
                    <ApiForm api={`/api/v1/records/tasks/${task.id}/complete`} next="reload" class="inline-form">
                      <SubmitButton variant="secondary">Done</SubmitButton>
                    </ApiForm>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager path={`${base}/tasks`} page={page} query={{ assignee: query.assignee, status: query.status }} label="Pages of tasks" />
    </Layout>
  );
}
