import type { FastifyInstance } from 'fastify';
import { PAGED_READ_ERRORS, RECORDS_CREATE, RECORDS_READ, RECORDS_WRITE } from '../records-postures.js';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireTenant } from '../../../platform/http/index.js';
import { answerIdempotently } from '../../../platform/outbox/index.js';
import { pageQuerySchema } from '../../../platform/paging/index.js';
import { actorOf } from '../request-actor.js';
import { recordIdParamsSchema } from '../customers/records.types.js';
import type { RecordsDeps } from '../records-deps.js';
import { createTask } from './create-task.js';
import { completeTask, listTasks } from './list-tasks.js';
import { createTaskBodySchema, listTasksQuerySchema, memberPageSchema, taskIdParamsSchema, taskPageSchema, taskSchema } from './tasks.types.js';

export function registerTaskRoutes(app: FastifyInstance, deps: RecordsDeps): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.get('/api/v1/records/tasks', {
    config: { ...RECORDS_READ, errorCodes: PAGED_READ_ERRORS },
    schema: { summary: 'List tasks by due date (keyset pages)', tags: ['records'], querystring: listTasksQuerySchema, response: { 200: taskPageSchema } },
    handler: async (request) => deps.businessDb.withTenant(requireTenant(request), () => listTasks(request.query, actorOf(request)), { readOnly: true }),
  });

  routes.post('/api/v1/records/entries/:id/tasks', {
    config: { ...RECORDS_CREATE, idempotentCreate: true },
    schema: { summary: 'Create a task on a record, assigned to a member (who is emailed and notified once)', tags: ['records'], params: recordIdParamsSchema, body: createTaskBodySchema, response: { 201: taskSchema } },
    handler: async (request, reply) =>
      answerIdempotently(deps, request, reply, { status: 201 }, () => createTask(deps, request.params.id, request.body, actorOf(request))),
  });

  routes.post('/api/v1/records/tasks/:id/complete', {
    config: RECORDS_WRITE,
    schema: { summary: 'Mark a task done', tags: ['records'], params: taskIdParamsSchema, response: { 200: taskSchema } },
    handler: async (request) => deps.businessDb.withTenant(requireTenant(request), () => completeTask(request.params.id, actorOf(request))),
  });

  routes.get('/api/v1/records/members', {
    config: { ...RECORDS_READ, errorCodes: PAGED_READ_ERRORS },
    schema: { summary: 'The members a task can be assigned to, in the order they joined, one page at a time', tags: ['records'], querystring: pageQuerySchema(), response: { 200: memberPageSchema } },
    handler: async (request) => deps.members.pageMembers(requireTenant(request), request.query),
  });
}
