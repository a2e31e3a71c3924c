import { endImpersonation } from '../impersonation/index.js';
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../platform/errors/index.js';
import { enforceRateLimits, normaliseAddress } from '../../platform/rate-limit/index.js';
import { signInWithPassword } from '../accounts/sign-in-with-password.js';
import { signUp } from '../accounts/sign-up.js';
import { verifyEmail } from '../accounts/verify-email.js';
import type { IdentityDeps } from '../identity-deps.js';
import { IDENTITY_RATE_LIMITS } from '../rate-limit-rules.js';
import { startSession } from '../sessions/issue-session.js';
import { deviceTokenOptions, issueDeviceToken } from '../sessions/device-token.js';
import { clearSessionCookies, readSessionCookies, setDeviceCookie, setSessionCookies } from '../sessions/session-cookies.js';
import type { SessionResolver } from '../sessions/session-resolver.js';
import { revokeSession } from '../sessions/session-store.js';
import { currentSession } from './current-session.js';
import { sessionResponseSchema, signInBodySchema, signInResponseSchema, signUpBodySchema, statusSchema, tokenBodySchema } from './auth.types.js';
import { mfaStateView } from './mfa-state-view.js';

function ignoreAlreadyEnded(error: unknown): void {
  if (!(error instanceof AppError && error.code === 'impersonation.already_ended')) throw error;
}

/** Sign-up, email verification, password sign-in, sign-out and the current session. */
export function registerAuthRoutes(app: FastifyInstance, deps: IdentityDeps, resolver: SessionResolver): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.post('/api/v1/auth/sign-up', {
    config: { auth: 'public', errorCodes: ['request.rate_limited'] },
    schema: {
      summary: 'Create an account and its tenant; emails a verification link',
      description: 'Answers 202 the same way whether or not the address is already registered.',
      tags: ['auth'],
      body: signUpBodySchema,
      response: { 202: statusSchema },
    },
    handler: async (request, reply) => {
      await enforceRateLimits(deps.rateLimiter, [{ rule: IDENTITY_RATE_LIMITS.signUpAddress, key: normaliseAddress(request.ip) }]);
      return reply.status(202).send(await signUp(deps, request.body));
    },
  });

  routes.post('/api/v1/auth/verify-email', {
    config: { auth: 'public', errorCodes: ['auth.invalid_token', 'request.rate_limited'] },
    schema: { summary: 'Confirm an email address with the emailed token', tags: ['auth'], body: tokenBodySchema, response: { 200: statusSchema } },
    handler: async (request) => {
      await enforceRateLimits(deps.rateLimiter, [{ rule: IDENTITY_RATE_LIMITS.tokenRedeemAddress, key: normaliseAddress(request.ip) }]);
      await verifyEmail(deps, request.body.token);
      return { status: 'verified' };
    },
  });

  routes.post('/api/v1/auth/sign-in', {
    config: { auth: 'public', errorCodes: ['auth.invalid_credentials', 'auth.email_unverified', 'request.rate_limited'] },
    schema: {
      summary: 'Sign in with email and password',
      description: 'Starts a session and reports what MFA still asks of it: satisfied, required (verify a factor), enroll (set one up) or grace.',
      tags: ['auth'],
      body: signInBodySchema,
      response: { 200: signInResponseSchema },
    },
    handler: async (request, reply) => {
      const { deviceToken } = readSessionCookies(request, deps.config);
      const { userId, clearFailures } = await signInWithPassword(deps, {
        ...request.body,
        addressKey: normaliseAddress(request.ip),
        clientAddress: request.ip,
        deviceToken,
      });
      const audit = { actor: { type: 'user', id: userId }, action: 'auth.sign_in.succeeded', clientAddress: request.ip, metadata: { method: 'password' } } as const;
      const [issued, device] = await Promise.all([
        startSession(deps, { userId, amr: ['pwd'], authenticatedAt: deps.clock.now(), mfaVerifiedAt: null, replacesBrowserSession: true, request, audit }),
        issueDeviceToken(deviceTokenOptions(deps), userId),
        clearFailures(),
      ]);
      setSessionCookies(reply, deps.config, issued);
      setDeviceCookie(reply, deps.config, device);
      return { mfa: mfaStateView(issued.claims) };
    },
  });

  routes.post('/api/v1/auth/sign-out', {
    config: { auth: 'session:mfa-pending', allowsRevokedSession: true, allowsSupportAccess: true },
    schema: { summary: 'End the current session', tags: ['auth'], response: { 204: z.null() } },
    handler: async (request, reply) => {
      const claims = currentSession(resolver, request);
      // Signing out of support access ends it: the event must not show as running on.
      if (claims.imp) await endImpersonation(deps, { userId: claims.sub, eventId: claims.imp, request, permission: null }).catch(ignoreAlreadyEnded);
      await revokeSession(deps.db, deps.clock, claims.sub, claims.sid);
      clearSessionCookies(reply, deps.config);
      return reply.status(204).send(null);
    },
  });

  routes.get('/api/v1/auth/session', {
    config: { auth: 'session:mfa-pending' },
    schema: { summary: 'The signed-in user, session, active tenant and MFA state', tags: ['auth'], response: { 200: sessionResponseSchema } },
    handler: async (request) => {
      const claims = currentSession(resolver, request);
      const { rows } = await deps.db.query<{ email: string; email_verified_at: Date | null; display_name: string | null; tenant_name: string | null }>(
        `SELECT u.email, u.email_verified_at, u.display_name, t.name AS tenant_name
         FROM users u LEFT JOIN tenants t ON t.id = $2 WHERE u.id = $1`,
        [claims.sub, claims.tid],
      );
      const user = rows[0];
      if (!user) throw new AppError('auth.required');
      return {
        user: { id: claims.sub, email: user.email, emailVerified: user.email_verified_at !== null, displayName: user.display_name },
        session: {
          id: claims.sid,
          amr: [...claims.amr],
          authenticatedAt: new Date(claims.auth_time * 1000).toISOString(),
          expiresAt: (resolver.expiryOf(request) ?? deps.clock.now()).toISOString(),
        },
        tenant: claims.tid && claims.role && user.tenant_name ? { id: claims.tid, name: user.tenant_name, role: claims.role } : null,
        mfa: mfaStateView(claims),
      };
    },
  });
}
