import type { TokenScope } from '../../platform/access/token-scopes.js';
import { appendAudit } from '../../platform/audit/index.js';
import type { Clock } from '../../platform/clock.js';
import type { IdentityDb } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors/index.js';
import { hashSecret } from '../sessions/session-store.js';
import type { QuotaGuard } from '../../platform/quotas/index.js';
import type { TenantMirror } from '../../platform/tenancy/index.js';
import { requireMembership, type TenantActor } from '../tenants/tenant-access.js';
import { enforceIdentityQuota } from '../tenants/tenant-quotas.js';
import { API_TOKEN_VIEW_COLUMNS, type ApiTokenView } from './api-token-row.js';
import { mintCredentialText } from './token-format.js';

const MAX_LIFETIME_MS = 365 * 24 * 3600_000;

export interface CreateApiTokenInput {
  readonly name: string;
  readonly scopes: readonly TokenScope[];
  readonly expiresAt: Date;
}

/**
 * Mints a personal access token for the acting user in the actor's tenant (the active one, or one the request named). The owner is always
 * the session's user (no input names another), and only a member of the tenant may mint one.
 * Returns the text once; only its SHA-256 is kept. The tenant's `tenant.api_tokens` quota is
 * checked and the creation audited in the same transaction as the insert. The tenant is mirrored
 * into the business database first: a token may be the tenant's first way into the apps (no
 * launch yet, or a sign-up whose mirror failed), and a write there needs the tenant's row.
 */
export async function createApiToken(
  deps: { readonly db: IdentityDb; readonly clock: Clock; readonly quotas: QuotaGuard; readonly mirrorTenant: TenantMirror },
  actor: TenantActor,
  input: CreateApiTokenInput,
  options: { readonly namedTenant?: boolean } = {},
): Promise<{ token: ApiTokenView; secret: string }> {
  const { db, clock } = deps;
  const { tenantId } = await requireMembership(db, actor).catch((error: unknown) => {
    // A tenant the request named is bad input, not a permission question about the active one.
    if (options.namedTenant && error instanceof AppError && error.code === 'auth.not_a_member') throw new AppError('api_token.tenant_not_member');
    throw error;
  });
  const now = clock.now();
  const lifetime = input.expiresAt.getTime() - now.getTime();
  if (lifetime <= 0 || lifetime > MAX_LIFETIME_MS) throw new AppError('api_token.invalid_expiry');
  const { rows: tenants } = await db.query<{ name: string }>('SELECT name FROM tenants WHERE id = $1', [tenantId]);
  await deps.mirrorTenant({ id: tenantId, name: tenants[0]!.name });
  const secret = mintCredentialText('pat_');
  return db.transaction(async (tx) => {
    await enforceIdentityQuota(deps.quotas, tx, clock, 'tenant.api_tokens', tenantId);
    const { rows } = await tx.query<ApiTokenView>(
      `INSERT INTO api_tokens (user_id, tenant_id, name, token_hash, scopes, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${API_TOKEN_VIEW_COLUMNS}`,
      [actor.userId, tenantId, input.name, hashSecret(secret), [...new Set(input.scopes)], now, input.expiresAt],
    );
    const token = rows[0]!;
    await appendAudit(
      tx,
      { actor: { type: 'user', id: actor.userId }, action: 'api_token.created', target: { type: 'api_token', id: token.id }, tenantId, metadata: { scopes: token.scopes.join(' ') } },
      now,
    );
    return { token, secret };
  });
}
