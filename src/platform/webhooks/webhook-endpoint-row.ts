import type { WebhookEndpoint } from './webhooks.types.js';

export const ENDPOINT_COLUMNS = 'id, url, description, topics, enabled, created_at';

export interface EndpointRow {
  id: string;
  url: string;
  description: string;
  topics: string[];
  enabled: boolean;
  created_at: Date;
}

export function toEndpoint(row: EndpointRow): WebhookEndpoint {
  return { id: row.id, url: row.url, description: row.description, topics: row.topics, enabled: row.enabled, createdAt: row.created_at.toISOString() };
}
