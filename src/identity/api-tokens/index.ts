export { createApiToken } from './create-api-token.js';
export type { CreateApiTokenInput } from './create-api-token.js';
export type { ApiTokenView } from './api-token-row.js';
export { API_TOKEN_LIST_LIMIT } from './api-token-row.js';
export { listOwnApiTokens, listTenantApiTokens } from './list-api-tokens.js';
export { revokeOwnApiToken, revokeTenantApiToken } from './revoke-api-token.js';
export { hasValidChecksum, mintCredentialText } from './token-format.js';
export type { CredentialPrefix } from './token-format.js';
export { createTokenResolver } from './token-resolver.js';
