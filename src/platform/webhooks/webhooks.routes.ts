import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TenantVault } from '../crypto/index.js';
import { requireTenant } from '../http/require-tenant.js';
import { answerIdempotently, type JobNames } from '../outbox/index.js';
import { pageQuerySchema } from '../paging/index.js';
import type { QuotaGuard } from '../quotas/index.js';
import type { BusinessDb } from '../tenancy/index.js';
import { createWebhookEndpoint } from './create-webhook-endpoint.js';
import { deleteWebhookEndpoint } from './delete-webhook-endpoint.js';
import { listFailedDeliveries } from './list-failed-deliveries.js';
import { listWebhookEndpoints } from './list-webhook-endpoints.js';
import { rereadCreatedEndpoint } from './reread-created-endpoint.js';
import { retryDelivery } from './retry-delivery.js';
import type { WebhookAddressPolicy } from './webhook-address-policy.js';
import {
  createdWebhookEndpointSchema,
  createWebhookEndpointBodySchema,
  failedDeliveryListSchema,
  idParamsSchema,
  webhookEndpointListSchema,
} from './webhooks.types.js';

export interface WebhookRoutesDeps {
  readonly businessDb: BusinessDb;
  readonly tenantVault: TenantVault;
  readonly addressPolicy: WebhookAddressPolicy;
  /** Bounds the tenant's endpoints (`tenant.webhooks`). */
  readonly quotas: QuotaGuard;
  readonly jobNames: JobNames;
  readonly webhookTopics: () => string[];
  /** Refuses callers who may not change the tenant's settings (identity decides: owners and admins). */
  readonly requireTenantManager: (request: FastifyRequest) => Promise<void>;
}

export function registerWebhookRoutes(app: FastifyInstance, deps: WebhookRoutesDeps): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { businessDb } = deps;

  routes.get('/api/v1/webhooks/endpoints', {
    config: { auth: 'session+mfa' },
    schema: { summary: "List the tenant's webhook endpoints and the topics they can receive", tags: ['webhooks'], response: { 200: webhookEndpointListSchema } },
    handler: async (request) => ({ endpoints: await businessDb.withTenant(requireTenant(request), listWebhookEndpoints), topics: deps.webhookTopics() }),
  });

  routes.post('/api/v1/webhooks/endpoints', {
    config: { auth: 'session+mfa', idempotentCreate: true, errorCodes: ['auth.tenant_required', 'member.manage_forbidden', 'webhook.url_refused', 'webhook.not_found', 'quota.exceeded'] },
    schema: {
      summary: 'Add a webhook endpoint (the signing secret is returned once, and again only to a repeat with the same Idempotency-Key)',
      tags: ['webhooks'],
      body: createWebhookEndpointBodySchema,
      response: { 201: createdWebhookEndpointSchema },
    },
    handler: async (request, reply) => {
      await deps.requireTenantManager(request);
      return answerIdempotently({ businessDb, vault: deps.tenantVault }, request, reply, { status: 201, replay: rereadCreatedEndpoint(deps.tenantVault) }, () => createWebhookEndpoint(deps, request.body));
    },
  });

  routes.delete('/api/v1/webhooks/endpoints/:id', {
    config: { auth: 'session+mfa' },
    schema: { summary: 'Remove a webhook endpoint', tags: ['webhooks'], params: idParamsSchema, response: { 204: z.null() } },
    handler: async (request, reply) => {
      await deps.requireTenantManager(request);
      await businessDb.withTenant(requireTenant(request), () => deleteWebhookEndpoint(request.params.id));
      return reply.status(204).send(null);
    },
  });

  routes.get('/api/v1/webhooks/deliveries/failed', {
    config: { auth: 'session+mfa', errorCodes: ['auth.tenant_required', 'page.invalid_cursor'] },
    schema: { summary: 'Dead letters: webhook deliveries that failed, most recent first, one page at a time', tags: ['webhooks'], querystring: pageQuerySchema(), response: { 200: failedDeliveryListSchema } },
    handler: async (request) => businessDb.withTenant(requireTenant(request), () => listFailedDeliveries(request.query), { readOnly: true }),
  });

  routes.post('/api/v1/webhooks/deliveries/:id/retry', {
    config: { auth: 'session+mfa' },
    schema: { summary: 'Retry a failed webhook delivery now', tags: ['webhooks'], params: idParamsSchema, response: { 202: z.object({ status: z.literal('queued') }) } },
    handler: async (request, reply) => {
      await deps.requireTenantManager(request);
      await businessDb.withTenant(requireTenant(request), () => retryDelivery(deps.jobNames, request.params.id));
      return reply.status(202).send({ status: 'queued' as const });
    },
  });
}
