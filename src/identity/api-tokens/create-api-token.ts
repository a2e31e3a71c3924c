import type { TokenScope } from '../../platform/access/token-scopes.js';
import type { Clock } from '../../platform/clock.js';
import type { Queryable } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors/index.js';
import { hashSecret } from '../sessions/session-store.js';
import { requireMembership, type TenantActor } from '../tenants/tenant-access.js';
import { API_TOKEN_VIEW_COLUMNS, type ApiTokenView } from './api-token-row.js';
import { mintCredentialText } from './token-format.js';

const MAX_LIFETIME_MS = 365 * 24 * 3600_000;

export interface CreateApiTokenInput {
  readonly name: string;
  readonly scopes: readonly TokenScope[];
  readonly expiresAt: Date;
}

/**
 * Mints a personal access token for the acting user in their active tenant. The owner is always
 * the session's user (no input names another), and only a member of the tenant may mint one.
 * Returns the text once; only its SHA-256 is kept.
 */
export async function createApiToken(db: Queryable, clock: Clock, actor: TenantActor, input: CreateApiTokenInput): Promise<{ token: ApiTokenView; secret: string }> {
  const { tenantId } = await requireMembership(db, actor);
  const now = clock.now();
  const lifetime = input.expiresAt.getTime() - now.getTime();
  if (lifetime <= 0 || lifetime > MAX_LIFETIME_MS) throw new AppError('api_token.invalid_expiry');
  const secret = mintCredentialText('pat_');
  // AUDIT(api_token.created): record the creation in the platform audit log (issue 8 part 6) once its port lands.
  const { rows } = await db.query<ApiTokenView>(
    `INSERT INTO api_tokens (user_id, tenant_id, name, token_hash, scopes, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${API_TOKEN_VIEW_COLUMNS}`,
    [actor.userId, tenantId, input.name, hashSecret(secret), [...new Set(input.scopes)], now, input.expiresAt],
  );
  return { token: rows[0]!, secret };
}
