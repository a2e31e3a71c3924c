import { z } from 'zod';
import { TOKEN_SCOPES } from '../../platform/access/token-scopes.js';
import { safeText } from '../../platform/http/index.js';
import { pageQuerySchema, pageSchema } from '../../platform/paging/index.js';

export const idParamsSchema = z.strictObject({ id: z.uuid() });

/** `?q=` searches; the rest is the suite's paging (`limit`, `cursor`). */
export const searchQuerySchema = pageQuerySchema().extend({ q: safeText({ min: 0, max: 200 }).optional() });
export const userFilterQuerySchema = pageQuerySchema().extend({ user: z.uuid().optional() });
export const membershipQuerySchema = pageQuerySchema().extend({ user: z.uuid().optional(), tenant: z.uuid().optional() });

export const overviewSchema = z.object({
  users: z.number().int(),
  disabledUsers: z.number().int(),
  tenants: z.number().int(),
  disabledTenants: z.number().int(),
  liveSessions: z.number().int(),
  liveTokens: z.number().int(),
});

export const adminUserSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string().nullable(),
  emailVerified: z.boolean(),
  disabledAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});

export const adminUserDetailSchema = adminUserSchema.extend({
  factors: z.array(z.enum(['totp', 'passkey', 'recovery_codes'])).max(3).describe('The kinds of factor only: never a secret or a credential id'),
  platformGroups: z.array(z.string()).max(3),
  mfaGraceUntil: z.iso.datetime(),
});

export const adminTenantSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  createdAt: z.iso.datetime(),
  disabledAt: z.iso.datetime().nullable(),
  memberCount: z.number().int(),
});

export const adminMembershipSchema = z.object({
  tenantId: z.uuid(),
  tenantName: z.string(),
  tenantDisabled: z.boolean(),
  userId: z.uuid(),
  email: z.string(),
  userDisabled: z.boolean(),
  role: z.enum(['owner', 'admin', 'member']),
  joinedAt: z.iso.datetime(),
});

export const adminSessionSchema = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  email: z.string(),
  tenantId: z.uuid().nullable(),
  mfaVerified: z.boolean(),
  createdAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime(),
  ipAddress: z.string().nullable(),
  userAgent: z.string().nullable(),
});

/** Metadata only: a token's text is shown once to its owner, its hash never leaves the database. */
export const adminTokenSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  userId: z.uuid(),
  email: z.string(),
  tenantId: z.uuid(),
  scopes: z.array(z.enum(TOKEN_SCOPES)).max(TOKEN_SCOPES.length),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
  lastUsedAddress: z.string().nullable(),
  revokedAt: z.iso.datetime().nullable(),
});

export const userPageSchema = pageSchema(adminUserSchema);
export const tenantPageSchema = pageSchema(adminTenantSchema);
export const membershipPageSchema = pageSchema(adminMembershipSchema);
export const sessionPageSchema = pageSchema(adminSessionSchema);
export const tokenPageSchema = pageSchema(adminTokenSchema);

export const changedSchema = z.object({ changed: z.boolean().describe('False when the target already was in that state; nothing was audited') });
export const revokedSchema = z.object({ revoked: z.number().int().describe('How many sessions were live and are revoked now') });
