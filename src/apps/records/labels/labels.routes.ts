import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { BusinessDb } from '../../../platform/tenancy/index.js';
import { requireTenant } from '../../../platform/http/index.js';
import { createLabel } from './create-label.js';
import { listLabels } from './list-labels.js';
import { createLabelBodySchema, labelListSchema, labelSchema } from './labels.types.js';

export function registerLabelRoutes(app: FastifyInstance, businessDb: BusinessDb): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.get('/api/v1/records/labels', {
    config: { auth: 'session+mfa' },
    schema: { summary: "List the current tenant's labels", tags: ['records'], response: { 200: labelListSchema } },
    handler: async (request) => ({ labels: await businessDb.withTenant(requireTenant(request), listLabels, { readOnly: true }) }),
  });

  routes.post('/api/v1/records/labels', {
    config: { auth: 'session+mfa' },
    schema: { summary: 'Create a label', tags: ['records'], body: createLabelBodySchema, response: { 201: labelSchema } },
    handler: async (request, reply) => {
      const label = await businessDb.withTenant(requireTenant(request), () => createLabel(request.body));
      return reply.status(201).send(label);
    },
  });
}
