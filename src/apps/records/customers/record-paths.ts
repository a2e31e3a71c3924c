import type { RecordKind } from './records.types.js';

/** The collection a record's pages and API live under: `people` or `companies`. */
export function recordCollection(kind: RecordKind): 'people' | 'companies' {
  return kind === 'person' ? 'people' : 'companies';
}

/**
 * A record's page on the one origin (`/records/people/<id>`), for links that leave the records
 * pages: notifications and emails. `#task-<id>` after it lands on one of its tasks.
 */
export function recordPagePath(kind: RecordKind, id: string): string {
  return `/records/${recordCollection(kind)}/${id}`;
}
