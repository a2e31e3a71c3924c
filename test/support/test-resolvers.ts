import type { FastifyRequest } from 'fastify';
import type { AuthResolvers, Principal } from '../../src/platform/http/index.js';
import type { PlatformPermission } from '../../src/platform/access/platform-permissions.js';

/**
 * Test-only credential: a JSON principal in the `x-test-principal` header. It lives under
 * test/, which src/ may never import (check:security-invariants), so it cannot reach production.
 */
export interface TestPrincipal {
  kind?: Principal['kind'];
  subject?: string;
  tenantId?: string | null;
  mfaSatisfied?: boolean;
  /** ISO time of the last MFA proof (fresh-MFA actions); none by default. */
  mfaVerifiedAt?: string | null;
  mfaOwed?: 'verify' | 'enroll';
  platformPermissions?: PlatformPermission[];
}

export function testPrincipalHeader(principal: TestPrincipal): Record<string, string> {
  return { 'x-test-principal': JSON.stringify(principal) };
}

function resolveFor(kind: Principal['kind']) {
  return async (request: FastifyRequest): Promise<Principal | null> => {
    const raw = request.headers['x-test-principal'];
    if (typeof raw !== 'string') return null;
    const parsed = JSON.parse(raw) as TestPrincipal;
    if ((parsed.kind ?? 'user') !== kind) return null;
    return {
      kind,
      subject: parsed.subject ?? 'test-user',
      tenantId: parsed.tenantId ?? null,
      mfaSatisfied: parsed.mfaSatisfied ?? true,
      mfaVerifiedAt: parsed.mfaVerifiedAt ? new Date(parsed.mfaVerifiedAt) : null,
      ...(parsed.mfaOwed ? { mfaOwed: parsed.mfaOwed } : {}),
      platformPermissions: new Set(parsed.platformPermissions ?? []),
    };
  };
}

export const testResolvers: AuthResolvers = {
  session: resolveFor('user'),
  token: resolveFor('token'),
  service: resolveFor('service'),
};
