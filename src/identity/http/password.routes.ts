import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { normaliseAddress } from '../../platform/rate-limit/index.js';
import { changePassword } from '../accounts/change-password.js';
import { requestPasswordReset } from '../accounts/request-password-reset.js';
import { resendVerification } from '../accounts/resend-verification.js';
import { resetPassword } from '../accounts/reset-password.js';
import type { IdentityDeps } from '../identity-deps.js';
import { clearSessionCookies } from '../sessions/session-cookies.js';
import type { SessionResolver } from '../sessions/session-resolver.js';
import { statusSchema } from './auth.types.js';
import { currentSession } from './current-session.js';
import { changePasswordBodySchema, emailBodySchema, resetPasswordBodySchema } from './password.types.js';

/** The emailed-link requests (password reset, verification resend), the reset itself, and change password. */
export function registerPasswordRoutes(app: FastifyInstance, deps: IdentityDeps, resolver: SessionResolver): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.post('/api/v1/auth/password/forgot', {
    config: { auth: 'public', errorCodes: ['request.rate_limited'] },
    schema: {
      summary: 'Email a password reset link (valid 30 minutes)',
      description: 'Answers 202 with the same body whether or not the address has an account.',
      tags: ['auth'],
      body: emailBodySchema,
      response: { 202: statusSchema },
    },
    handler: async (request, reply) => {
      const result = await requestPasswordReset(deps, { email: request.body.email, addressKey: normaliseAddress(request.ip) });
      return reply.status(202).send(result);
    },
  });

  routes.post('/api/v1/auth/password/reset', {
    config: { auth: 'public', errorCodes: ['auth.invalid_token', 'request.rate_limited'] },
    schema: {
      summary: 'Choose a new password with the emailed reset token',
      description: 'The token works once. Every session of the account is signed out.',
      tags: ['auth'],
      body: resetPasswordBodySchema,
      response: { 200: statusSchema },
    },
    handler: async (request, reply) => {
      await resetPassword(deps, { ...request.body, addressKey: normaliseAddress(request.ip) });
      // Whatever session this browser held is revoked with the rest; drop its cookies too.
      clearSessionCookies(reply, deps.config);
      return { status: 'password_reset' };
    },
  });

  routes.post('/api/v1/auth/verify-email/resend', {
    config: { auth: 'public', errorCodes: ['request.rate_limited'] },
    schema: {
      summary: 'Email a new verification link to an unverified address',
      description: 'Answers 202 with the same body for unknown, unverified and verified addresses.',
      tags: ['auth'],
      body: emailBodySchema,
      response: { 202: statusSchema },
    },
    handler: async (request, reply) => {
      const result = await resendVerification(deps, { email: request.body.email, addressKey: normaliseAddress(request.ip) });
      return reply.status(202).send(result);
    },
  });

  routes.post('/api/v1/auth/password/change', {
    config: { auth: 'session+mfa' },
    schema: {
      summary: 'Change the password (needs the current one)',
      description: 'Signs out every other session of the account; this one stays.',
      tags: ['auth'],
      body: changePasswordBodySchema,
      response: { 200: statusSchema },
    },
    handler: async (request) => {
      const claims = currentSession(resolver, request);
      await changePassword(deps, {
        userId: claims.sub,
        sessionId: claims.sid,
        currentPassword: request.body.currentPassword,
        newPassword: request.body.newPassword,
        addressKey: normaliseAddress(request.ip),
      });
      return { status: 'password_changed' };
    },
  });
}
