import { z } from 'zod';
import { pageSchema } from '../paging/index.js';
import { safeText } from '../http/safe-text.js';

export const webhookEndpointSchema = z.object({
  id: z.uuid(),
  url: z.string(),
  description: z.string(),
  topics: z.array(z.string()).max(50),
  enabled: z.boolean(),
  createdAt: z.iso.datetime(),
});
export type WebhookEndpoint = z.infer<typeof webhookEndpointSchema>;

export const createWebhookEndpointBodySchema = z
  .object({
    url: safeText({ min: 8, max: 2000 }),
    description: safeText({ min: 0, max: 200 }).optional(),
    topics: z
      .array(safeText({ min: 1, max: 100 }).regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/, 'must be a topic such as records.task.assigned'))
      .max(50)
      .optional(),
  })
  .strict();
export type CreateWebhookEndpointInput = z.infer<typeof createWebhookEndpointBodySchema>;

/** The secret is returned once, at creation; afterwards it exists only sealed. */
export const createdWebhookEndpointSchema = webhookEndpointSchema.extend({ secret: z.string() });
export type CreatedWebhookEndpoint = z.infer<typeof createdWebhookEndpointSchema>;

export const webhookEndpointListSchema = z.object({
  // Bounded like the query behind it (LIMIT 100); the webhook-endpoint quota keeps a tenant far below it.
  endpoints: z.array(webhookEndpointSchema).max(100),
  topics: z.array(z.string()).max(100),
});

export const failedDeliverySchema = z.object({
  id: z.uuid(),
  endpointId: z.uuid(),
  url: z.string(),
  eventId: z.uuid(),
  topic: z.string(),
  status: z.enum(['failed', 'dead']),
  attempts: z.number().int(),
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  updatedAt: z.iso.datetime(),
});
export type FailedDelivery = z.infer<typeof failedDeliverySchema>;
export const failedDeliveryListSchema = pageSchema(failedDeliverySchema);

export const idParamsSchema = z.object({ id: z.uuid() }).strict();
