export { createServiceKey, listServiceKeys, revokeServiceKey, SERVICE_ENVIRONMENTS } from './service-keys.js';
export type { ServiceEnvironment, ServiceKeyView } from './service-keys.js';
export { createServiceKeyResolver } from './service-key-resolver.js';
