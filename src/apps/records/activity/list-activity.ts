import type { Page, PageRequest } from '../../../platform/paging/index.js';
import { readNewestFirst } from '../newest-first.js';
import type { Activity } from './activity.types.js';

interface ActivityRow {
  id: string;
  actor_id: string;
  action: string;
  detail: Record<string, string>;
  created_at: Date;
}

/** One page of a record's timeline, newest first. */
export async function listActivity(recordId: string, page: PageRequest): Promise<Page<Activity>> {
  return readNewestFirst<ActivityRow, Activity>('record_activity', 'id, actor_id, action, detail, created_at', recordId, page, (row) => ({
    id: row.id,
    actorId: row.actor_id,
    action: row.action,
    detail: row.detail,
    createdAt: row.created_at.toISOString(),
  }));
}
