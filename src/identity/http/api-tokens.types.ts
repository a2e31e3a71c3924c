import { z } from 'zod';
import { TOKEN_SCOPES } from '../../platform/access/token-scopes.js';
import { safeText } from '../../platform/http/index.js';
import { API_TOKEN_LIST_LIMIT } from '../api-tokens/index.js';

export const tokenScopeSchema = z.enum(TOKEN_SCOPES);

/**
 * Strict: no field names an owner (always the session's user). `tenantId` may name one of the
 * user's own tenants (the account page offers them); without it the token is for the active one.
 */
export const createApiTokenBodySchema = z.strictObject({
  name: safeText({ min: 1, max: 100 }),
  tenantId: z.uuid().optional().describe("One of the caller's tenants; the active tenant when absent"),
  scopes: z.array(tokenScopeSchema).min(1).max(TOKEN_SCOPES.length),
  expiresAt: z.iso.datetime().describe('Required; at most one year from now'),
});

export const apiTokenSchema = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  name: z.string(),
  scopes: z.array(tokenScopeSchema).max(TOKEN_SCOPES.length),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
  lastUsedAddress: z.string().nullable(),
  revokedAt: z.iso.datetime().nullable(),
});

export const createdApiTokenSchema = z.object({
  token: apiTokenSchema,
  secret: z.string().describe('The token itself (`pat_…`). Shown this once: only its hash is kept.'),
});

// Bounded by the `tenant.api_tokens` quota (live tokens) and the newest-first LIMIT of the queries.
export const apiTokenListSchema = z.object({ tokens: z.array(apiTokenSchema).max(API_TOKEN_LIST_LIMIT) });
