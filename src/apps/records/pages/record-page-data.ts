import { z } from 'zod';
import { pageQuerySchema, type Page } from '../../../platform/paging/index.js';
import { listActivity } from '../activity/list-activity.js';
import type { Activity } from '../activity/activity.types.js';
import { getRecord } from '../customers/get-record.js';
import { listRecordLabels } from '../customers/list-record-labels.js';
import { listRecordLinks } from '../customers/list-record-links.js';
import { EMBEDDED_PAGE, type RecordDetail, type RecordKind } from '../customers/records.types.js';
import { listLabels } from '../labels/list-labels.js';
import { listNotes } from '../notes/list-notes.js';
import type { Note } from '../notes/notes.types.js';
import type { RecordsDeps } from '../records-deps.js';
import { listTasks } from '../tasks/list-tasks.js';
import type { Task } from '../tasks/tasks.types.js';

const cursor = pageQuerySchema().shape.cursor;

/** `/people/:id?notes=…&tasks=…`: each list on a record's page pages on its own, by its own cursor. */
export const recordPageQuerySchema = z.strictObject({ labels: cursor, links: cursor, tasks: cursor, notes: cursor, activity: cursor });
export type RecordPageQuery = z.infer<typeof recordPageQuerySchema>;

/** Choices of the "add a tag" and "assign to" menus: the first ones by name or by joining. */
const MENU_CHOICES = 200;

export interface RecordPageData {
  readonly record: RecordDetail;
  readonly notes: Page<Note>;
  readonly tasks: Page<Task>;
  readonly activity: Page<Activity>;
  readonly labelChoices: ReadonlyArray<{ id: string; name: string }>;
}

/** One page of each list of a record, read in the caller's tenant transaction. */
export async function readRecordPage(deps: Pick<RecordsDeps, 'vault'>, id: string, kind: RecordKind, query: RecordPageQuery, viewerId: string): Promise<RecordPageData> {
  const page = (cursorOf: string | undefined) => ({ limit: EMBEDDED_PAGE.defaultLimit, cursor: cursorOf });
  const detail = await getRecord(deps.vault, id, kind);
  const record = {
    ...detail,
    labels: query.labels ? await listRecordLabels(detail.id, page(query.labels)) : detail.labels,
    links: query.links ? await listRecordLinks(detail, page(query.links)) : detail.links,
  };
  return {
    record,
    notes: await listNotes(id, page(query.notes)),
    tasks: await listTasks({ assignee: 'anyone', status: 'open', ...page(query.tasks) }, viewerId, id),
    activity: await listActivity(id, page(query.activity)),
    labelChoices: (await listLabels({ limit: MENU_CHOICES })).items,
  };
}

/** The members a page names (task assignees, timeline actors) and the first ones to assign a task to. */
export async function readRecordPageMembers(deps: Pick<RecordsDeps, 'members'>, tenantId: string, data: RecordPageData) {
  const named = [...data.tasks.items.map((task) => task.assigneeId), ...data.activity.items.map((event) => event.actorId)];
  const [names, assignable] = await Promise.all([deps.members.membersByIds(tenantId, named), deps.members.pageMembers(tenantId, { limit: MENU_CHOICES })]);
  return { names, assignable: assignable.items };
}
