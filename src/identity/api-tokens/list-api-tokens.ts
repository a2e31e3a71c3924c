import type { Queryable } from '../../platform/db/index.js';
import { requireManager, type TenantActor } from '../tenants/tenant-access.js';
import { API_TOKEN_LIST_LIMIT, API_TOKEN_VIEW_COLUMNS, type ApiTokenView } from './api-token-row.js';

/** The acting user's own tokens, in every tenant, newest first (revoked ones included, marked). */
export async function listOwnApiTokens(db: Queryable, userId: string): Promise<ApiTokenView[]> {
  const { rows } = await db.query<ApiTokenView>(`SELECT ${API_TOKEN_VIEW_COLUMNS} FROM api_tokens WHERE user_id = $1 ORDER BY created_at DESC, id LIMIT ${API_TOKEN_LIST_LIMIT}`, [userId]);
  return rows;
}

/** Every member's tokens for the actor's active tenant: owners and admins only. */
export async function listTenantApiTokens(db: Queryable, actor: TenantActor): Promise<ApiTokenView[]> {
  const { tenantId } = await requireManager(db, actor);
  const { rows } = await db.query<ApiTokenView>(`SELECT ${API_TOKEN_VIEW_COLUMNS} FROM api_tokens WHERE tenant_id = $1 ORDER BY created_at DESC, id LIMIT ${API_TOKEN_LIST_LIMIT}`, [tenantId]);
  return rows;
}
