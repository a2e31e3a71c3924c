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
export function registerLaunchRoute(app: FastifyInstance, deps: IdentityDeps, resolver: SessionResolver, isAppEnabled: TenantAppAccess): void {
  const mirrored = new Set<string>();
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
      // One primary-key read per launch: a tenant a platform admin disabled is refused at once,
      // not after a cache expires.
      const { rows } = await deps.db.query<{ name: string; disabled: boolean }>('SELECT name, disabled_at IS NOT NULL AS disabled FROM tenants WHERE id = $1', [claims.tid]);
      if (rows[0]?.disabled) throw new AppError('tenant.disabled');
      if (!mirrored.has(claims.tid)) {
        // Converges a tenant whose mirror into the business database failed at sign-up.
        if (rows[0]) await deps.mirrorTenant({ id: claims.tid, name: rows[0].name });
        mirrored.add(claims.tid);
      }
      return reply.redirect(urls.get(target)!, 303);
    },
  });
}
