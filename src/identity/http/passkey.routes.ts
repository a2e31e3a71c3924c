import { z } from 'zod';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../platform/errors/index.js';
import { enforceRateLimits, normaliseAddress } from '../../platform/rate-limit/index.js';
import type { IdentityDeps } from '../identity-deps.js';
import {
  listPasskeys,
  passkeyAuthenticationOptions,
  passkeyRegistrationOptions,
  removePasskey,
  verifyPasskeyAuthentication,
  verifyPasskeyRegistration,
} from '../mfa/index.js';
import { requireFreshAuth } from '../mfa-policy/require-fresh-auth.js';
import { IDENTITY_RATE_LIMITS } from '../rate-limit-rules.js';
import { recordSecurityEvent } from '../security-events.js';
import { startSession } from '../sessions/issue-session.js';
import { deviceTokenOptions, issueDeviceToken } from '../sessions/device-token.js';
import { setDeviceCookie, setSessionCookies } from '../sessions/session-cookies.js';
import type { SessionResolver } from '../sessions/session-resolver.js';
import { signInResponseSchema } from './auth.types.js';
import { currentSession } from './current-session.js';
import {
  idParamsSchema,
  passkeyAuthenticationVerifyBodySchema,
  passkeyListSchema,
  passkeyRegisteredSchema,
  passkeyRegistrationVerifyBodySchema,
  passkeyView,
  webauthnOptionsSchema,
} from './mfa.types.js';
import { elevateSession } from './mfa.routes.js';
import { mfaStateView } from './mfa-state-view.js';

/**
 * Passkeys: registration (a second factor, and a way to sign in without a password) and
 * authentication. A user-verifying passkey proves two factors at once, so a passwordless
 * sign-in with one is MFA-satisfied; without user verification it counts as one factor.
 */
export function registerPasskeyRoutes(app: FastifyInstance, deps: IdentityDeps, resolver: SessionResolver): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.post('/api/v1/auth/passkeys/registration/options', {
    config: { auth: 'session:mfa-enroll' },
    schema: { summary: 'Options to register a passkey (needs a fresh sign-in or MFA proof)', tags: ['passkeys'], response: { 200: webauthnOptionsSchema } },
    handler: async (request) => {
      const claims = currentSession(resolver, request);
      await requireFreshAuth(deps, claims.sub, claims.sid);
      const { rows } = await deps.db.query<{ email: string; display_name: string | null }>('SELECT email, display_name FROM users WHERE id = $1', [claims.sub]);
      const user = rows[0];
      if (!user) throw new AppError('auth.required');
      return asJson(await passkeyRegistrationOptions(deps, { userId: claims.sub, userName: user.email, displayName: user.display_name ?? user.email }));
    },
  });

  routes.post('/api/v1/auth/passkeys/registration/verify', {
    config: { auth: 'session:mfa-enroll' },
    schema: {
      summary: 'Register the passkey the browser created',
      description: "A user's first factor comes with recovery codes, returned this once.",
      tags: ['passkeys'],
      body: passkeyRegistrationVerifyBodySchema,
      response: { 200: passkeyRegisteredSchema },
    },
    handler: async (request, reply) => {
      const claims = currentSession(resolver, request);
      await requireFreshAuth(deps, claims.sub, claims.sid);
      const registered = await verifyPasskeyRegistration(deps, {
        userId: claims.sub,
        response: request.body.response as unknown as RegistrationResponseJSON,
        name: request.body.name ?? 'Passkey',
      });
      const elevated = await elevateSession(deps, request, reply, claims, 'hwk');
      return { mfa: mfaStateView(elevated), ...(registered.recoveryCodes ? { recoveryCodes: registered.recoveryCodes } : {}) };
    },
  });

  routes.post('/api/v1/auth/passkeys/authentication/options', {
    config: { auth: 'public', errorCodes: ['request.rate_limited'] },
    schema: { summary: 'Options to sign in with a passkey (discoverable: no account name needed)', tags: ['passkeys'], response: { 200: webauthnOptionsSchema } },
    handler: async (request) => {
      await enforceRateLimits(deps.rateLimiter, [{ rule: IDENTITY_RATE_LIMITS.passkeyAddress, key: normaliseAddress(request.ip) }]);
      return asJson(await passkeyAuthenticationOptions(deps, {}));
    },
  });

  routes.post('/api/v1/auth/passkeys/authentication/verify', {
    config: { auth: 'public', errorCodes: ['mfa.webauthn_failed', 'request.rate_limited'] },
    schema: {
      summary: 'Sign in with a passkey, or complete MFA with one',
      tags: ['passkeys'],
      body: passkeyAuthenticationVerifyBodySchema,
      response: { 200: signInResponseSchema },
    },
    handler: async (request, reply) => {
      await enforceRateLimits(deps.rateLimiter, [{ rule: IDENTITY_RATE_LIMITS.passkeyAddress, key: normaliseAddress(request.ip) }]);
      const result = await verifyPasskeyAuthentication(deps, { response: request.body.response as unknown as AuthenticationResponseJSON }).catch(async (error: unknown) => {
        // Whose passkey it claimed to be is not known until it verifies: the failure is anonymous.
        if (error instanceof AppError) await recordSecurityEvent(deps, { actor: { type: 'anonymous' }, action: 'auth.sign_in.failed', clientAddress: request.ip, metadata: { method: 'passkey' } });
        throw error;
      });
      const now = deps.clock.now();
      const issued = await startSession(deps, {
        userId: result.userId,
        amr: result.userVerified ? ['hwk', 'user'] : ['hwk'],
        authenticatedAt: now,
        mfaVerifiedAt: result.userVerified ? now : null,
        replacesBrowserSession: true,
        request,
        audit: { actor: { type: 'user', id: result.userId }, action: 'auth.sign_in.succeeded', clientAddress: request.ip, metadata: { method: 'passkey' } },
      });
      setSessionCookies(reply, deps.config, issued);
      setDeviceCookie(reply, deps.config, await issueDeviceToken(deviceTokenOptions(deps), result.userId));
      return { mfa: mfaStateView(issued.claims) };
    },
  });

  routes.get('/api/v1/auth/passkeys', {
    config: { auth: 'session' },
    schema: { summary: "The current user's passkeys", tags: ['passkeys'], response: { 200: passkeyListSchema } },
    handler: async (request) => {
      const passkeys = await listPasskeys(deps, currentSession(resolver, request).sub);
      return { passkeys: passkeys.map(passkeyView) };
    },
  });

  routes.delete('/api/v1/auth/passkeys/:id', {
    config: { auth: 'session' },
    schema: { summary: 'Remove a passkey (needs a fresh MFA proof)', tags: ['passkeys'], params: idParamsSchema, response: { 204: z.null() } },
    handler: async (request, reply) => {
      const claims = currentSession(resolver, request);
      await requireFreshAuth(deps, claims.sub, claims.sid);
      await removePasskey(deps, { userId: claims.sub, passkeyId: request.params.id });
      return reply.status(204).send(null);
    },
  });
}

/** WebAuthn option objects are plain JSON; this widens their interface type for the response schema. */
function asJson<T extends { challenge: string }>(options: T): { challenge: string } & Record<string, unknown> {
  return options as unknown as { challenge: string } & Record<string, unknown>;
}
