import type { FastifyRequest } from 'fastify';
import type { Principal, PrincipalResolver } from '../../platform/http/index.js';
import type { IdentityDeps } from '../identity-deps.js';
import { hashSecret } from '../sessions/session-store.js';
import type { TokenCache, VerifiedToken } from './token-cache.js';
import { hasValidChecksum } from './token-format.js';

const NO_PERMISSIONS = new Set<never>();
/** Last-used time and address are written at most this often per token: one UPDATE a minute, not one per request. */
const LAST_USED_RESOLUTION_MS = 60_000;

interface LiveToken {
  readonly id: string;
  readonly user_id: string;
  readonly tenant_id: string;
  readonly scopes: string[];
  readonly expires_at: Date;
  readonly last_used_at: Date | null;
}

/** The bearer text of `Authorization: Bearer pat_…`, or null. */
function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header !== 'string' || !/^bearer /i.test(header)) return null;
  return header.slice(7).trim();
}

/**
 * Resolves the `token` postures from `Authorization: Bearer pat_…`. A text that fails its
 * checksum is refused without touching the database. A token seen before is answered from the
 * process's `TokenCache` (expiry checked on every hit) with a pending `confirmation`, which the
 * posture hook awaits before a write runs and before any answer leaves; otherwise one indexed
 * SELECT. Revocation, a disabled user, a removed membership or a changed tenant reach every
 * process's cache by NOTIFY on commit (migration 0021), and the confirmation waits until every
 * change committed before the request has arrived, so they count on the very next request
 * (docs/operations/api-tokens.md). The tenant comes from the token, never from the request.
 */
export function createTokenResolver(deps: Pick<IdentityDeps, 'db' | 'clock' | 'logger'>, cached?: CachedTokens): PrincipalResolver {
  return async (request) => {
    const text = bearerToken(request);
    if (!text || !hasValidChecksum(text, 'pat_')) return null;
    const now = deps.clock.now();
    const hash = hashSecret(text);
    const hit = cached ? fromCache(deps, cached, hash, now) : null;
    const token = hit?.token ?? (await lookUp(deps, cached?.cache, hash, now));
    if (!token) return null;
    if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) await recordUse(deps, token, now, request.ip);
    const principal: Principal = {
      kind: 'token',
      subject: token.id,
      onBehalfOf: token.userId,
      tenantId: token.tenantId,
      mfaSatisfied: false,
      platformPermissions: NO_PERMISSIONS,
      scopes: token.scopes,
      ...(hit ? { confirmation: hit.confirmation } : {}),
    };
    return principal;
  };
}

/** The cache and its listener's sync, which makes a hit as current as a SELECT. */
export interface CachedTokens {
  readonly cache: TokenCache;
  readonly sync: () => Promise<void>;
}

/**
 * A hit, answered at once with its confirmation pending: true once a sync sent after this
 * request arrived shows the entry still there (every change committed before the request has
 * then been applied), else the database decides. Null on a miss.
 */
function fromCache(deps: Pick<IdentityDeps, 'db'>, { cache, sync }: CachedTokens, hash: string, now: Date): { token: VerifiedToken; confirmation: Promise<boolean> } | null {
  const token = cache.get(hash, now);
  if (!token) return null;
  const stillValid = async (): Promise<boolean> => {
    try {
      await sync();
      if (cache.get(hash, now) === token) return true;
    } catch {
      // The listener is in doubt (and the cache closed): the database decides.
    }
    const fresh = await lookUp(deps, cache, hash, now).catch(() => null);
    return fresh !== null && fresh.userId === token.userId && fresh.tenantId === token.tenantId && sameScopes(fresh.scopes, token.scopes);
  };
  return { token, confirmation: stillValid() };
}

function sameScopes(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((scope) => b.includes(scope));
}

async function lookUp(deps: Pick<IdentityDeps, 'db'>, cache: TokenCache | undefined, hash: string, now: Date): Promise<VerifiedToken | null> {
  // Read before the query: a change that lands while it runs keeps its answer out of the cache.
  const epoch = cache?.epoch ?? 0;
  const { rows } = await deps.db.query<LiveToken>(
    `SELECT t.id, t.user_id, t.tenant_id, t.scopes, t.expires_at, t.last_used_at
       FROM api_tokens t
       JOIN users u ON u.id = t.user_id AND u.disabled_at IS NULL
       JOIN tenants tn ON tn.id = t.tenant_id AND tn.disabled_at IS NULL
       JOIN memberships m ON m.tenant_id = t.tenant_id AND m.user_id = t.user_id
      WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > $2`,
    [hash, now],
  );
  const row = rows[0];
  if (!row) return null;
  const token: VerifiedToken = { id: row.id, userId: row.user_id, tenantId: row.tenant_id, scopes: row.scopes, expiresAt: row.expires_at, lastUsedAt: row.last_used_at };
  cache?.storeIfUnchanged(hash, token, epoch);
  return token;
}

/**
 * Writes the last use at most once a minute per token and process (marked first, so concurrent
 * hits do not all write); the conditional UPDATE keeps racing processes to one write. One
 * request a minute waits for it, so a page read right after a use shows it. A failure must not
 * fail the request.
 */
async function recordUse(deps: Pick<IdentityDeps, 'db' | 'logger'>, token: VerifiedToken, now: Date, address: string): Promise<void> {
  token.lastUsedAt = now;
  await deps.db
    .query('UPDATE api_tokens SET last_used_at = $2, last_used_address = $3 WHERE id = $1 AND revoked_at IS NULL AND (last_used_at IS NULL OR last_used_at <= $4)', [
      token.id,
      now,
      address,
      new Date(now.getTime() - LAST_USED_RESOLUTION_MS),
    ])
    .catch((error: unknown) => deps.logger.warn({ err: error, tokenId: token.id }, 'could not record token use'));
}
