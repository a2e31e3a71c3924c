import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors/index.js';
import type { IdentityDeps } from '../identity-deps.js';
import { appUrl, isLaunchableApp, isServedApp, LAUNCHABLE_APPS } from '../launch/suite-apps.js';
import type { TenantAppAccess } from '../launch/tenant-app-access.js';
import { redirectAuthErrorsToPortal } from '../portal/index.js';
import type { SessionResolver } from '../sessions/session-resolver.js';
import { currentSession } from './current-session.js';
import { safeText } from '../../platform/http/index.js';

/**
 * `GET /launch/:app`: the gate between the portal and an app. The posture requires MFA to be
 * satisfied (or still in grace); the handler requires a membership in the active tenant and the
 * app enabled for it, then redirects. The app verifies the same cookie against the JWKS itself.
 */
const TENANT_TTL_MS = 30_000;
const TENANT_CACHE_LIMIT = 10_000;

export function registerLaunchRoute(app: FastifyInstance, deps: IdentityDeps, resolver: SessionResolver, isAppEnabled: TenantAppAccess): void {
  // The tenant row, read at most every 30 seconds per tenant and process (launches are hot). A
  // disabled tenant is refused from the next read on; a session token made after the disable
  // names no tenant at all, so this only covers the tokens already issued (10 minutes at most).
  const tenants = new Map<string, { name: string; disabled: boolean; at: number }>();
  async function tenantOf(tenantId: string): Promise<{ name: string; disabled: boolean } | undefined> {
    const now = deps.clock.now().getTime();
    const cached = tenants.get(tenantId);
    if (cached && now - cached.at <= TENANT_TTL_MS) return cached;
    const { rows } = await deps.db.query<{ name: string; disabled: boolean }>('SELECT name, disabled_at IS NOT NULL AS disabled FROM tenants WHERE id = $1', [tenantId]);
    const row = rows[0];
    if (!row) return undefined;
    // Converges a tenant whose mirror into the business database failed at sign-up (first read in this process).
    if (!cached) await deps.mirrorTenant({ id: tenantId, name: row.name });
    if (tenants.size >= TENANT_CACHE_LIMIT) tenants.delete(tenants.keys().next().value!);
    tenants.set(tenantId, { ...row, at: now });
    return row;
  }
  const urls = new Map(LAUNCHABLE_APPS.map((name) => [name, appUrl(deps.config, name)]));

  app.withTypeProvider<ZodTypeProvider>().get('/launch/:app', {
    config: { auth: 'session+mfa' },
    // A person clicking a launch link who owes a sign-in or MFA lands on that page, not on JSON.
    errorHandler: redirectAuthErrorsToPortal,
    schema: {
      summary: 'Launch an app of the suite for the active tenant',
      tags: ['auth'],
      params: z.object({ app: safeText({ min: 1, max: 40, trim: false }) }),
      response: { 303: z.null() },
    },
    handler: async (request, reply) => {
      const target = request.params.app;
      if (!isLaunchableApp(target)) throw new AppError('auth.unknown_app', `No such app; choose one of ${LAUNCHABLE_APPS.join(', ')}.`);
      if (!isServedApp(target)) throw new AppError('auth.app_not_available', `${target} is not part of this release yet.`);
      const claims = currentSession(resolver, request);
      if (!claims.tid || !claims.role) throw new AppError('auth.tenant_required');
      const enabled = isAppEnabled(claims.tid, target);
      if (!(typeof enabled === 'boolean' ? enabled : await enabled)) throw new AppError('auth.app_not_available');
      const tenant = await tenantOf(claims.tid);
      if (tenant?.disabled) throw new AppError('tenant.disabled');
      return reply.redirect(urls.get(target)!, 303);
    },
  });
}
