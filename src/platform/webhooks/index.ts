export { checkWebhookUrl, isAllowedAddress, systemLookup, WebhookAddressRefused } from './webhook-address-policy.js';
export type { HostLookup, WebhookAddressPolicy } from './webhook-address-policy.js';
export { generateWebhookSecret, signWebhook, verifyWebhook, WEBHOOK_TOLERANCE_SECONDS } from './webhook-signature.js';
export { WEBHOOK_QUOTA_USAGE } from './webhook-quota.js';
export { registerWebhookRoutes } from './webhooks.routes.js';
export type { WebhookRoutesDeps } from './webhooks.routes.js';
