import type { Principal, PrincipalResolver } from '../../platform/http/index.js';
import { hasValidChecksum } from '../api-tokens/index.js';
import type { IdentityDeps } from '../identity-deps.js';
import { hashSecret } from '../sessions/session-store.js';

const NO_PERMISSIONS = new Set<never>();
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Resolves the `service` posture from `Authorization: Bearer bsk_…`: checksum first (no query
 * for a made-up key), then one SELECT that also demands this deployment's environment, so a
 * key made for staging is refused by production however valid it is. No cache: revocation
 * counts on the next request.
 */
export function createServiceKeyResolver(deps: Pick<IdentityDeps, 'db' | 'clock' | 'config' | 'logger'>): PrincipalResolver {
  return async (request) => {
    const header = request.headers.authorization;
    if (typeof header !== 'string' || !/^bearer /i.test(header)) return null;
    const text = header.slice(7).trim();
    if (!hasValidChecksum(text, 'bsk_')) return null;
    const now = deps.clock.now();
    const { rows } = await deps.db.query<{ id: string; last_used_at: Date | null }>(
      'SELECT id, last_used_at FROM service_keys WHERE key_hash = $1 AND environment = $2 AND revoked_at IS NULL',
      [hashSecret(text), deps.config.environment],
    );
    const row = rows[0];
    if (!row) return null;
    if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() >= LAST_USED_RESOLUTION_MS) {
      await deps.db
        .query('UPDATE service_keys SET last_used_at = $2 WHERE id = $1', [row.id, now])
        .catch((error: unknown) => deps.logger.warn({ err: error, serviceKeyId: row.id }, 'could not record service key use'));
    }
    const principal: Principal = { kind: 'service', subject: row.id, tenantId: null, mfaSatisfied: false, platformPermissions: NO_PERMISSIONS };
    return principal;
  };
}
