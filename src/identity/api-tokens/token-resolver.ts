import type { FastifyRequest } from 'fastify';
import type { Principal, PrincipalResolver } from '../../platform/http/index.js';
import type { IdentityDeps } from '../identity-deps.js';
import { hashSecret } from '../sessions/session-store.js';
import { hasValidChecksum } from './token-format.js';

const NO_PERMISSIONS = new Set<never>();
/** Last-used time and address are written at most this often per token: one UPDATE a minute, not one per request. */
const LAST_USED_RESOLUTION_MS = 60_000;

interface LiveToken {
  readonly id: string;
  readonly user_id: string;
  readonly tenant_id: string;
  readonly scopes: string[];
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
 * checksum is refused without touching the database. Otherwise one indexed SELECT per request,
 * with no cache: expiry, revocation, a disabled user and a removed membership all count on the
 * very next request (issue 8). The tenant comes from the token, never from the request.
 */
export function createTokenResolver(deps: Pick<IdentityDeps, 'db' | 'clock' | 'logger'>): PrincipalResolver {
  return async (request) => {
    const text = bearerToken(request);
    if (!text || !hasValidChecksum(text, 'pat_')) return null;
    const now = deps.clock.now();
    const { rows } = await deps.db.query<LiveToken>(
      `SELECT t.id, t.user_id, t.tenant_id, t.scopes, t.last_used_at
         FROM api_tokens t
         JOIN users u ON u.id = t.user_id AND u.disabled_at IS NULL
         JOIN tenants tn ON tn.id = t.tenant_id AND tn.disabled_at IS NULL
         JOIN memberships m ON m.tenant_id = t.tenant_id AND m.user_id = t.user_id
        WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > $2`,
      [hashSecret(text), now],
    );
    const row = rows[0];
    if (!row) return null;
    if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() >= LAST_USED_RESOLUTION_MS) {
      // Conditional, so racing requests write once; a failure here must not fail the request.
      await deps.db
        .query('UPDATE api_tokens SET last_used_at = $2, last_used_address = $3 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at <= $4)', [
          row.id,
          now,
          request.ip,
          new Date(now.getTime() - LAST_USED_RESOLUTION_MS),
        ])
        .catch((error: unknown) => deps.logger.warn({ err: error, tokenId: row.id }, 'could not record token use'));
    }
    const principal: Principal = {
      kind: 'token',
      subject: row.id,
      onBehalfOf: row.user_id,
      tenantId: row.tenant_id,
      mfaSatisfied: false,
      platformPermissions: NO_PERMISSIONS,
      scopes: row.scopes,
    };
    return principal;
  };
}
