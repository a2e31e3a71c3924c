import type { FastifyInstance } from 'fastify';
import { LABELS_READ, LABELS_WRITE } from '../records-postures.js';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { QuotaGuard } from '../../../platform/quotas/index.js';
import { requireTenant } from '../../../platform/http/index.js';
import { answerIdempotently, type IdempotentRouteDeps, type Outbox } from '../../../platform/outbox/index.js';
import { createLabel } from './create-label.js';
import { listLabels } from './list-labels.js';
import { createLabelBodySchema, labelListQuerySchema, labelListSchema, labelSchema } from './labels.types.js';

export const LABEL_CREATED_TOPIC = 'records.label.created';

export function registerLabelRoutes(app: FastifyInstance, deps: IdempotentRouteDeps, outbox: Outbox, quotas: QuotaGuard): void {
  const { businessDb } = deps;
  outbox.topics.declareWebhookTopic(LABEL_CREATED_TOPIC);
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.get('/api/v1/records/labels', {
    config: { ...LABELS_READ, errorCodes: ['auth.tenant_required', 'page.invalid_cursor'] },
    schema: {
      summary: "The current tenant's labels by name, one page at a time",
      tags: ['records'],
      querystring: labelListQuerySchema,
      response: { 200: labelListSchema },
    },
    handler: async (request) => businessDb.withTenant(requireTenant(request), () => listLabels(request.query), { readOnly: true }),
  });

  routes.post('/api/v1/records/labels', {
    config: { ...LABELS_WRITE, idempotentCreate: true, errorCodes: ['auth.tenant_required', 'label.name_taken', 'label.parent_not_found', 'quota.exceeded'] },
    schema: {
      summary: "Create a label (honours Idempotency-Key; refused with quota.exceeded past the tenant's `tenant.labels`)",
      tags: ['records'],
      body: createLabelBodySchema,
      response: { 201: labelSchema },
    },
    handler: async (request, reply) =>
      answerIdempotently(deps, request, reply, { status: 201 }, async (tx) => {
        const label = await createLabel(request.body, quotas);
        await outbox.enqueue(tx, { topic: LABEL_CREATED_TOPIC, idempotencyKey: label.id, payload: { label } });
        return label;
      }),
  });
}
