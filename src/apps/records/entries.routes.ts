import type { FastifyInstance } from 'fastify';
import { RECORDS_CREATE, RECORDS_READ } from './records-postures.js';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireTenant } from '../../platform/http/index.js';
import { answerIdempotently } from '../../platform/outbox/index.js';
import { activityListSchema } from './activity/activity.types.js';
import { listActivity } from './activity/list-activity.js';
import { findRecordRow } from './customers/get-record.js';
import { actorOf } from './request-actor.js';
import { recordIdParamsSchema } from './customers/records.types.js';
import { addNote, listNotes } from './notes/add-note.js';
import { noteBodySchema, noteListSchema, noteSchema } from './notes/notes.types.js';
import type { RecordsDeps } from './records-deps.js';
import { revealField } from './reveal/reveal-field.js';
import { revealBodySchema, revealedSchema } from './reveal/reveal.types.js';

/** What hangs off one record: its timeline, notes, and the audited reveal of a sensitive field. */
export function registerEntryRoutes(app: FastifyInstance, deps: RecordsDeps): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.get('/api/v1/records/entries/:id/activity', {
    config: RECORDS_READ,
    schema: { summary: "A record's timeline, newest first", tags: ['records'], params: recordIdParamsSchema, response: { 200: activityListSchema } },
    handler: async (request) =>
      deps.businessDb.withTenant(requireTenant(request), async () => {
        await findRecordRow(request.params.id);
        return { activity: await listActivity(request.params.id) };
      }),
  });

  routes.get('/api/v1/records/entries/:id/notes', {
    config: RECORDS_READ,
    schema: { summary: "A record's notes, newest first", tags: ['records'], params: recordIdParamsSchema, response: { 200: noteListSchema } },
    handler: async (request) =>
      deps.businessDb.withTenant(requireTenant(request), async () => {
        await findRecordRow(request.params.id);
        return { notes: await listNotes(request.params.id) };
      }),
  });

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
      const revealer = { userId: actorOf(request), mfaVerifiedAt: request.principal!.mfaVerifiedAt ?? null, tenantId, clientAddress: request.ip };
      const value = await deps.businessDb.withTenant(tenantId, () => revealField(deps, revealer, request.params.id, request.body.field));
      // A revealed value must not linger in a cache.
      return reply.header('cache-control', 'no-store').send({ field: request.body.field, value });
    },
  });
}
