// The records app: people and companies with sealed sensitive fields, tags, notes, tasks,
// timelines, CSV import/export, and its pages (mounted as a suite part).
import type { FastifyInstance } from 'fastify';
import { registerRecordRoutes } from './customers/records.routes.js';
import { registerEntryRoutes } from './entries.routes.js';
import { registerImportRoutes } from './imports/imports.routes.js';
import { registerLabelRoutes } from './labels/labels.routes.js';
import type { RecordsDeps } from './records-deps.js';
import { registerTaskRoutes } from './tasks/tasks.routes.js';

export { recordsSuitePart } from './pages/records-part.js';
export type { RecordsPartOptions } from './pages/records-part.js';
export type { MemberDirectory, RecordsDeps } from './records-deps.js';
export { RECORDS_QUOTA_USAGE } from './records-quotas.js';
export { SEALED_RECORD_COLUMNS } from './sealed-columns.js';

/** The records JSON API under `/api/v1/records`, on every host. */
export function registerRecordsApi(app: FastifyInstance, deps: RecordsDeps): void {
  registerLabelRoutes(app, deps, deps.outbox, deps.quotas);
  registerRecordRoutes(app, deps);
  registerEntryRoutes(app, deps);
  registerTaskRoutes(app, deps);
  registerImportRoutes(app, deps);
}
