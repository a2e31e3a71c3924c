import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { AppError } from '../errors/index.js';
import { requireTenant } from '../http/require-tenant.js';
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
  app.get('/notifications', { config: { auth: 'session+mfa' }, schema: { hide: true } }, async (request, reply) => {
    const data = await deps.businessDb.withTenant(requireTenant(request), () => listNotifications(userOf(request)));
    return send(reply, <BarePage title="Notifications"><NotificationsPanel {...data} /></BarePage>);
  });

  app.get('/settings/webhooks', { config: { auth: 'session+mfa' }, schema: { hide: true } }, async (request, reply) => {
    const data = await deps.businessDb.withTenant(requireTenant(request), async () => ({ endpoints: await listWebhookEndpoints(), failed: await listFailedDeliveries() }));
    return send(reply, <BarePage title="Webhooks"><WebhookSettings {...data} topics={deps.webhookTopics()} /></BarePage>);
  });
}
