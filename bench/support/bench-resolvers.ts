import type { FastifyRequest } from 'fastify';
import type { AuthResolvers, Principal } from '../../src/platform/http/index.js';

/** Header naming the tenant a bench request acts for. */
export const BENCH_TENANT_HEADER = 'x-bench-tenant';

/**
 * Bench-only credential: an MFA-verified user of the tenant in `x-bench-tenant`. It lives under
 * bench/, which src/ never imports, so it cannot reach production. It is deliberately cheap so
 * the benchmark measures the posture hook and the tenant transaction, not a credential format
 * the identity issue has yet to choose.
 */
async function resolveBenchUser(request: FastifyRequest): Promise<Principal | null> {
  const tenantId = request.headers[BENCH_TENANT_HEADER];
  if (typeof tenantId !== 'string') return null;
  return { kind: 'user', subject: 'bench-user', tenantId, mfaSatisfied: true, platformPermissions: new Set() };
}

export const benchResolvers: AuthResolvers = { session: resolveBenchUser };
