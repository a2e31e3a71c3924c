import { z } from 'zod';
import { safeText } from '../../platform/http/index.js';
import { pageQuerySchema, pageSchema } from '../../platform/paging/index.js';

export const tenantRoleSchema = z.enum(['owner', 'admin', 'member']);

export const tenantSchema = z.object({ id: z.uuid(), name: z.string(), role: tenantRoleSchema, active: z.boolean(), disabled: z.boolean() });

export const tenantListQuerySchema = pageQuerySchema();

export const tenantListSchema = pageSchema(tenantSchema);

export const tenantResponseSchema = z.object({ tenant: tenantSchema });

export const createTenantBodySchema = z.strictObject({ name: safeText({ min: 1, max: 200 }) });

export const switchTenantBodySchema = z.strictObject({ tenantId: z.uuid() });
