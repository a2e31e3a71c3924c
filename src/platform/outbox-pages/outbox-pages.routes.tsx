import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { AppError } from '../errors/index.js';
import { z } from 'zod';
import { requireTenant } from '../http/require-tenant.js';
import { DEFAULT_PAGE_LIMIT, pageQuerySchema, type PageRequest } from '../paging/index.js';
import { listNotifications } from '../notifications/list-notifications.js';
import type { BusinessDb } from '../tenancy/index.js';
import { listFailedDeliveries } from '../webhooks/list-failed-deliveries.js';
import { listWebhookEndpoints } from '../webhooks/list-webhook-endpoints.js';
import { BarePage, NotificationsPanel, WebhookSettings } from './outbox-views.js';

function send(reply: FastifyReply, page: VNode): FastifyReply {
  return reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(`<!doctype html>${renderToString(page)}`);
}

function userOf(request: FastifyRequest): string {
  if (request.principal?.kind !== 'user') throw new AppError('auth.required');
  return request.principal.subject;
}

/** The notifications page and the webhook settings page (endpoints and dead letters). */
export function registerOutboxPages(app: FastifyInstance, deps: { businessDb: BusinessDb; webhookTopics: () => string[] }): void {
  app.get('/notifications', { config: { auth: 'session+mfa' }, schema: { hide: true, querystring: pageQuerySchema() } }, async (request, reply) => {
    const page = request.query as PageRequest;
    const data = await deps.businessDb.withTenant(requireTenant(request), () => listNotifications(userOf(request), page), { readOnly: true });
    return send(reply, <BarePage title="Notifications"><NotificationsPanel page={data} unread={data.unread} /></BarePage>);
  });

  // `?failed=<cursor>`: the dead letters page on their own; the endpoints are few (a quota bounds them).
  const webhooksQuery = z.strictObject({ failed: pageQuerySchema().shape.cursor });
  app.get('/settings/webhooks', { config: { auth: 'session+mfa' }, schema: { hide: true, querystring: webhooksQuery } }, async (request, reply) => {
    const { failed: cursor } = request.query as z.infer<typeof webhooksQuery>;
    const data = await deps.businessDb.withTenant(requireTenant(request), async () => ({ endpoints: await listWebhookEndpoints(), failed: await listFailedDeliveries({ limit: DEFAULT_PAGE_LIMIT, cursor }) }), { readOnly: true });
    return send(reply, <BarePage title="Webhooks"><WebhookSettings {...data} topics={deps.webhookTopics()} /></BarePage>);
  });
}
