import type { FastifyInstance } from 'fastify';
import { PAGED_READ_ERRORS, RECORDS_CREATE, RECORDS_READ, RECORDS_WRITE } from '../records-postures.js';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireTenant } from '../../../platform/http/index.js';
import type { TenantVault } from '../../../platform/crypto/index.js';
import { answerIdempotently, type ReplayStore } from '../../../platform/outbox/index.js';
import { addActivity } from '../activity/add-activity.js';
import type { RecordsDeps } from '../records-deps.js';
import { actorOf } from '../request-actor.js';
import { createRecord, linkToCompany, tagRecord } from './create-record.js';
import { findByIdentifier } from './find-by-identifier.js';
import { findRecordRow, getRecord } from './get-record.js';
import { listRecords } from './list-records.js';
import {
  createCompanyBodySchema,
  createPersonBodySchema,
  linkBodySchema,
  listRecordsQuerySchema,
  lookupBodySchema,
  lookupQuerySchema,
  recordDetailSchema,
  recordIdParamsSchema,
  type RecordDetail,
  recordPageSchema,
  noContentSchema,
  tagBodySchema,
  type RecordKind,
} from './records.types.js';

const COLLECTIONS: ReadonlyArray<{ kind: RecordKind; path: string; noun: string; body: typeof createPersonBodySchema | typeof createCompanyBodySchema }> = [
  { kind: 'person', path: '/api/v1/records/people', noun: 'person', body: createPersonBodySchema },
  { kind: 'company', path: '/api/v1/records/companies', noun: 'company', body: createCompanyBodySchema },
];

/** People and companies: list, create, read, look up by identifier, link and tag. */
export function registerRecordRoutes(app: FastifyInstance, deps: RecordsDeps): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  for (const { kind, path, noun, body } of COLLECTIONS) {
    routes.get(path, {
      config: { ...RECORDS_READ, errorCodes: PAGED_READ_ERRORS },
      schema: { summary: `List ${noun === 'person' ? 'people' : 'companies'} (keyset pages, search, label filter)`, tags: ['records'], querystring: listRecordsQuerySchema, response: { 200: recordPageSchema } },
      handler: async (request) => deps.businessDb.withTenant(requireTenant(request), () => listRecords(kind, request.query), { readOnly: true }),
    });

    routes.post(path, {
      config: { ...RECORDS_CREATE, idempotentCreate: true },
      schema: { summary: `Create a ${noun}; sensitive fields are sealed and answered masked`, tags: ['records'], body, response: { 201: recordDetailSchema } },
      handler: async (request, reply) =>
        answerIdempotently(deps, request, reply, { status: 201, replay: rereadRecord(deps.vault, kind) }, async () => {
          const id = await createRecord(deps, { ...request.body, kind } as Parameters<typeof createRecord>[1], actorOf(request));
          return getRecord(deps.vault, id);
        }),
    });

    routes.get(`${path}/:id`, {
      config: RECORDS_READ,
      schema: { summary: `Read a ${noun}, sensitive fields masked`, tags: ['records'], params: recordIdParamsSchema, response: { 200: recordDetailSchema } },
      handler: async (request) => deps.businessDb.withTenant(requireTenant(request), () => getRecord(deps.vault, request.params.id, kind)),
    });
  }

  routes.post('/api/v1/records/lookup', {
    config: { ...RECORDS_READ, errorCodes: PAGED_READ_ERRORS },
    schema: {
      summary: 'Find records by exact SSN or tax ID (blind index), one page at a time',
      tags: ['records'],
      querystring: lookupQuerySchema,
      body: lookupBodySchema,
      response: { 200: recordPageSchema },
    },
    handler: async (request) => deps.businessDb.withTenant(requireTenant(request), () => findByIdentifier(deps.vault, request.body, request.query)),
  });

  routes.post('/api/v1/records/people/:id/links', {
    config: { ...RECORDS_WRITE, idempotentCreate: true },
    schema: { summary: 'Link a person to a company', tags: ['records'], params: recordIdParamsSchema, body: linkBodySchema, response: { 204: noContentSchema } },
    handler: async (request, reply) =>
      answerIdempotently(deps, request, reply, { status: 204 }, async () => {
        const person = await findRecordRow(request.params.id, 'person');
        // Linking again changes at most the role: the timelines tell of a new link only.
        if (await linkToCompany(person.id, request.body.companyId, request.body.role ?? null)) await addLinkedActivity(person.id, request.body.companyId, actorOf(request));
        return null;
      }),
  });

  routes.post('/api/v1/records/entries/:id/labels', {
    config: { ...RECORDS_WRITE, idempotentCreate: true },
    schema: { summary: 'Tag a record with a label', tags: ['records'], params: recordIdParamsSchema, body: tagBodySchema, response: { 204: noContentSchema } },
    handler: async (request, reply) =>
      answerIdempotently(deps, request, reply, { status: 204 }, async () => {
        const record = await findRecordRow(request.params.id);
        if (await tagRecord(record.id, request.body.labelId)) await addActivity(record.id, actorOf(request), 'tagged', { labelId: request.body.labelId });
        return null;
      }),
  });
}

/** A repeated create reads its record again: no masked sensitive value is kept with the key. */
function rereadRecord(vault: TenantVault, kind: RecordKind): ReplayStore<RecordDetail> {
  return { keep: ({ id }) => ({ id }), restore: (kept) => getRecord(vault, (kept as { id: string }).id, kind) };
}

async function addLinkedActivity(personId: string, companyId: string, actorId: string): Promise<void> {
  await addActivity(personId, actorId, 'linked', { companyId });
  await addActivity(companyId, actorId, 'linked', { personId });
}
