import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { PAGED_READ_ERRORS, RECORDS_CREATE, RECORDS_READ } from './records-postures.js';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireTenant } from '../../platform/http/index.js';
import { answerIdempotently } from '../../platform/outbox/index.js';
import { pageQuerySchema, type Page, type PageRequest } from '../../platform/paging/index.js';
import { activityPageSchema } from './activity/activity.types.js';
import { listActivity } from './activity/list-activity.js';
import { findRecordRow } from './customers/get-record.js';
import { listRecordLabels } from './customers/list-record-labels.js';
import { listRecordLinks } from './customers/list-record-links.js';
import type { RecordRow } from './customers/record-row.js';
import { actorOf } from './request-actor.js';
import { embeddedPageQuerySchema, recordDetailSchema, recordIdParamsSchema } from './customers/records.types.js';
import { addNote } from './notes/add-note.js';
import { listNotes } from './notes/list-notes.js';
import { noteBodySchema, notePageSchema, noteSchema } from './notes/notes.types.js';
import type { RecordsDeps } from './records-deps.js';
import { revealField } from './reveal/reveal-field.js';
import { revealBodySchema, revealedSchema } from './reveal/reveal.types.js';

/** The lists that hang off one record, each paged on its own (a record embeds only the first page of its labels and links). */
const ENTRY_LISTS: ReadonlyArray<{ path: string; summary: string; query: z.ZodType; response: z.ZodType; read: (record: RecordRow, page: PageRequest) => Promise<Page<unknown>> }> = [
  { path: 'activity', summary: "A record's timeline, newest first, one page at a time", query: pageQuerySchema(), response: activityPageSchema, read: (record, page) => listActivity(record.id, page) },
  { path: 'notes', summary: "A record's notes, newest first, one page at a time", query: pageQuerySchema(), response: notePageSchema, read: (record, page) => listNotes(record.id, page) },
  { path: 'labels', summary: "A record's tags by name, one page at a time", query: embeddedPageQuerySchema, response: recordDetailSchema.shape.labels, read: (record, page) => listRecordLabels(record.id, page) },
  { path: 'links', summary: 'The companies of a person, or the people of a company, one page at a time', query: embeddedPageQuerySchema, response: recordDetailSchema.shape.links, read: listRecordLinks },
];

/** What hangs off one record: its lists, adding a note, and the audited reveal of a sensitive field. */
export function registerEntryRoutes(app: FastifyInstance, deps: RecordsDeps): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  for (const list of ENTRY_LISTS) {
    routes.get(`/api/v1/records/entries/:id/${list.path}`, {
      config: { ...RECORDS_READ, errorCodes: [...PAGED_READ_ERRORS, 'record.not_found'] },
      schema: { summary: list.summary, tags: ['records'], params: recordIdParamsSchema, querystring: list.query, response: { 200: list.response } },
      handler: async (request) =>
        deps.businessDb.withTenant(requireTenant(request), async () => list.read(await findRecordRow(request.params.id), request.query as PageRequest), { readOnly: true }),
    });
  }

  routes.post('/api/v1/records/entries/:id/notes', {
    config: { ...RECORDS_CREATE, idempotentCreate: true },
    schema: { summary: 'Add a note to a record', tags: ['records'], params: recordIdParamsSchema, body: noteBodySchema, response: { 201: noteSchema } },
    handler: async (request, reply) => answerIdempotently(deps, request, reply, { status: 201 }, () => addNote(deps.quotas, request.params.id, request.body.body, actorOf(request))),
  });

  routes.post('/api/v1/records/entries/:id/reveal', {
    config: { auth: 'session+mfa' },
    schema: {
      summary: 'Reveal one sensitive field in full (needs MFA verified in the last 5 minutes; audited)',
      tags: ['records'],
      params: recordIdParamsSchema,
      body: revealBodySchema,
      response: { 200: revealedSchema },
    },
    handler: async (request, reply) => {
      const tenantId = requireTenant(request);
      const principal = request.principal!;
      const revealer = { userId: actorOf(request), mfaVerifiedAt: principal.mfaVerifiedAt ?? null, tenantId, clientAddress: request.ip, supportAccess: principal.supportAccess ?? null };
      const value = await deps.businessDb.withTenant(tenantId, () => revealField(deps, revealer, request.params.id, request.body.field));
      // A revealed value must not linger in a cache.
      return reply.header('cache-control', 'no-store').send({ field: request.body.field, value });
    },
  });
}
