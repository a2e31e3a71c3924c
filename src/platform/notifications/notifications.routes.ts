import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../errors/index.js';
import { requireTenant } from '../http/require-tenant.js';
import { pageQuerySchema } from '../paging/index.js';
import type { BusinessDb } from '../tenancy/index.js';
import { listNotifications } from './list-notifications.js';
import { markNotificationRead } from './mark-notification-read.js';
import { notificationIdParamsSchema, notificationListSchema } from './notifications.types.js';

function requireUser(request: FastifyRequest): string {
  if (request.principal?.kind !== 'user') throw new AppError('auth.required');
  return request.principal.subject;
}

export function registerNotificationRoutes(app: FastifyInstance, businessDb: BusinessDb): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.get('/api/v1/notifications', {
    config: { auth: 'session+mfa', errorCodes: ['auth.tenant_required', 'page.invalid_cursor'] },
    schema: { summary: 'My in-app notifications in the current tenant, newest first, one page at a time', tags: ['notifications'], querystring: pageQuerySchema(), response: { 200: notificationListSchema } },
    handler: async (request) => businessDb.withTenant(requireTenant(request), () => listNotifications(requireUser(request), request.query), { readOnly: true }),
  });

  routes.post('/api/v1/notifications/:id/read', {
    config: { auth: 'session+mfa' },
    schema: { summary: 'Mark one of my notifications read', tags: ['notifications'], params: notificationIdParamsSchema, response: { 204: z.null() } },
    handler: async (request, reply) => {
      await businessDb.withTenant(requireTenant(request), () => markNotificationRead(requireUser(request), request.params.id));
      return reply.status(204).send(null);
    },
  });
}
