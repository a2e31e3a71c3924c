import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listNotifications } from '../../../platform/notifications/list-notifications.js';
import { DEFAULT_PAGE_LIMIT, pageQuerySchema } from '../../../platform/paging/index.js';
import { listFailedDeliveries } from '../../../platform/webhooks/list-failed-deliveries.js';
import { listWebhookEndpoints } from '../../../platform/webhooks/list-webhook-endpoints.js';
import { requireTenant } from '../../../platform/http/index.js';
import { sendPage } from '../../../platform/pages/index.js';
import { currentTenantTransaction } from '../../../platform/tenancy/index.js';
import { listRecords } from '../customers/list-records.js';
import { listRecordsQuerySchema, recordIdParamsSchema, type RecordKind } from '../customers/records.types.js';
import { listTasks } from '../tasks/list-tasks.js';
import { listTasksQuerySchema } from '../tasks/tasks.types.js';
import { chromeFor, pageOptions, tenantName, type RecordsPageContext } from './page-context.js';
import { readRecordPage, readRecordPageMembers, recordPageQuerySchema } from './record-page-data.js';
import { ImportPage } from './views/import-page.js';
import { ListPage } from './views/list-page.js';
import { RecordFormPage } from './views/record-form-page.js';
import { RecordPage } from './views/record-page.js';
import { TasksPage } from './views/tasks-page.js';
import { NotificationsPage, WebhookSettingsPage } from './views/outbox-views.js';

/** The records pages. Each reads through `withTenant` and renders with the page kit; forms post to the API. */
export function registerRecordPages(app: FastifyInstance, context: RecordsPageContext): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const options = pageOptions(context);
  const { deps, base } = context;

  for (const [kind, path] of [['person', '/'], ['company', '/companies']] as const) {
    routes.get(path, { ...options, schema: { ...options.schema, querystring: listRecordsQuerySchema } }, async (request, reply) => {
      const [name, page] = await deps.businessDb.withTenant(requireTenant(request), async () => [await tenantName(), await listRecords(kind, request.query)] as const, { readOnly: true });
      return sendPage(reply, <ListPage chrome={chromeFor(context, request, name)} base={base} kind={kind} query={request.query} page={page} />);
    });
  }

  for (const [kind, path] of [['person', 'people'], ['company', 'companies']] as const satisfies ReadonlyArray<readonly [RecordKind, string]>) {
    routes.get(`/${path}/new`, options, async (request, reply) => {
      const [name, companies] = await deps.businessDb.withTenant(requireTenant(request), async () => {
        const { rows } = await currentTenantTransaction().query<{ id: string; name: string }>("SELECT id, name FROM records WHERE kind = 'company' ORDER BY lower(name), id LIMIT 200");
        return [await tenantName(), rows] as const;
      });
      return sendPage(reply, <RecordFormPage chrome={chromeFor(context, request, name)} base={base} kind={kind} companies={companies} />);
    });

    routes.get(`/${path}/:id`, { ...options, schema: { ...options.schema, params: recordIdParamsSchema, querystring: recordPageQuerySchema } }, async (request, reply) => {
      const tenantId = requireTenant(request);
      const [name, data] = await deps.businessDb.withTenant(tenantId, async () => [await tenantName(), await readRecordPage(deps, request.params.id, kind, request.query, request.principal!.subject)] as const);
      const { names, assignable } = await readRecordPageMembers(deps, tenantId, data);
      return sendPage(reply, <RecordPage chrome={chromeFor(context, request, name)} base={base} {...data} cursors={request.query} names={names} assignable={assignable} />);
    });
  }

  routes.get('/tasks', { ...options, schema: { ...options.schema, querystring: listTasksQuerySchema } }, async (request, reply) => {
    const tenantId = requireTenant(request);
    const [name, page] = await deps.businessDb.withTenant(tenantId, async () => [await tenantName(), await listTasks(request.query, request.principal!.subject)] as const, { readOnly: true });
    const members = await deps.members.membersByIds(tenantId, page.items.map((task) => task.assigneeId));
    return sendPage(reply, <TasksPage chrome={chromeFor(context, request, name)} base={base} query={request.query} page={page} members={members} />);
  });

  routes.get('/notifications', { ...options, schema: { ...options.schema, querystring: pageQuerySchema() } }, async (request, reply) => {
    const viewer = request.principal!.subject;
    const [name, page] = await deps.businessDb.withTenant(requireTenant(request), async () => [await tenantName(), await listNotifications(viewer, request.query)] as const, { readOnly: true });
    return sendPage(reply, <NotificationsPage chrome={chromeFor(context, request, name)} path={`${base}/notifications`} page={page} unread={page.unread} />);
  });

  // `?failed=<cursor>`: the dead letters page on their own; the endpoints are few (a quota bounds them).
  const webhooksQuery = z.strictObject({ failed: pageQuerySchema().shape.cursor });
  routes.get('/settings/webhooks', { ...options, schema: { ...options.schema, querystring: webhooksQuery } }, async (request, reply) => {
    const [name, endpoints, failed] = await deps.businessDb.withTenant(
      requireTenant(request),
      async () => [await tenantName(), await listWebhookEndpoints(), await listFailedDeliveries({ limit: DEFAULT_PAGE_LIMIT, cursor: request.query.failed })] as const,
      { readOnly: true },
    );
    const topics = deps.outbox.topics.webhookTopics();
    return sendPage(reply, <WebhookSettingsPage chrome={chromeFor(context, request, name)} path={`${base}/settings/webhooks`} endpoints={endpoints} failed={failed} topics={topics} />);
  });

  routes.get('/import', options, async (request, reply) => {
    const name = await deps.businessDb.withTenant(requireTenant(request), tenantName);
    return sendPage(reply, <ImportPage chrome={chromeFor(context, request, name)} base={base} />);
  });
}
