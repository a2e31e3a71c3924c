import { z } from 'zod';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../platform/errors/index.js';
import { enforceRateLimits, normaliseAddress } from '../../platform/rate-limit/index.js';
import type { IdentityDeps } from '../identity-deps.js';
import { confirmTotpEnrollment, generateRecoveryCodes, listFactors, removeTotp, startTotpEnrollment, totpQrSvg, useRecoveryCode, verifyTotp } from '../mfa/index.js';
import { requireFreshAuth } from '../mfa-policy/require-fresh-auth.js';
import { IDENTITY_RATE_LIMITS } from '../rate-limit-rules.js';
import { recordSecurityEvent } from '../security-events.js';
import { startSession } from '../sessions/issue-session.js';
import { setSessionCookies } from '../sessions/session-cookies.js';
import type { SessionResolver } from '../sessions/session-resolver.js';
import type { SessionClaims } from '../sessions/session-token.js';
import { signInResponseSchema } from './auth.types.js';
import { currentSession } from './current-session.js';
import { factorsSchema, idParamsSchema, mfaVerifyBodySchema, passkeyView, recoveryCodesSchema, totpConfirmBodySchema, totpEnrollmentSchema } from './mfa.types.js';
import { mfaStateView } from './mfa-state-view.js';

/** TOTP enrolment, the MFA challenge, recovery codes and the factor list. */
export function registerMfaRoutes(app: FastifyInstance, deps: IdentityDeps, resolver: SessionResolver): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.post('/api/v1/auth/totp/enroll', {
    config: { auth: 'session:mfa-enroll' },
    schema: { summary: 'Start setting up an authenticator app (needs a fresh sign-in or MFA proof)', tags: ['mfa'], response: { 200: totpEnrollmentSchema } },
    handler: async (request) => {
      const claims = currentSession(resolver, request);
      await requireFreshAuth(deps, claims.sub, claims.sid);
      const email = await userEmail(deps, claims.sub);
      const enrollment = await startTotpEnrollment(deps, { userId: claims.sub, accountName: email });
      return { factorId: enrollment.factorId, otpauthUri: enrollment.otpauthUri, secret: enrollment.secretBase32, qrSvg: await totpQrSvg(enrollment.otpauthUri) };
    },
  });

  routes.post('/api/v1/auth/totp/confirm', {
    config: { auth: 'session:mfa-enroll' },
    schema: {
      summary: 'Confirm the authenticator app with a code; returns recovery codes once',
      tags: ['mfa'],
      body: totpConfirmBodySchema,
      response: { 200: recoveryCodesSchema },
    },
    handler: async (request, reply) => {
      const claims = currentSession(resolver, request);
      await requireFreshAuth(deps, claims.sub, claims.sid);
      await limitMfaAttempts(deps, request, claims.sub);
      const factorId = request.body.factorId ?? (await pendingTotpFactor(deps, claims.sub));
      const confirmed = await confirmTotpEnrollment(deps, { userId: claims.sub, factorId, code: request.body.code });
      // Confirming proves possession of the new factor: the session is now MFA-verified.
      await elevateSession(deps, request, reply, claims, 'otp');
      return { recoveryCodes: confirmed.recoveryCodes };
    },
  });

  routes.post('/api/v1/auth/mfa/verify', {
    config: { auth: 'session:mfa-pending' },
    schema: {
      summary: 'Complete MFA with a TOTP code or a recovery code',
      description: 'Rotates the session id. Wrong codes count towards per-user and per-address limits.',
      tags: ['mfa'],
      body: mfaVerifyBodySchema,
      response: { 200: signInResponseSchema },
    },
    handler: async (request, reply) => {
      const claims = currentSession(resolver, request);
      await limitMfaAttempts(deps, request, claims.sub);
      const code = request.body.code;
      const method = /^\d{6}$/.test(code) ? 'otp' : 'recovery';
      const valid = method === 'otp' ? await verifyTotp(deps, { userId: claims.sub, code }) : await useRecoveryCode(deps, { userId: claims.sub, code });
      if (!valid) {
        const target = { type: 'user', id: claims.sub };
        await recordSecurityEvent(deps, { actor: { type: 'user', id: claims.sub }, action: 'auth.mfa.failed', target, clientAddress: request.ip, metadata: { method } });
        throw new AppError('mfa.invalid_code');
      }
      const elevated = await elevateSession(deps, request, reply, claims, method === 'otp' ? 'otp' : 'mfa');
      return { mfa: mfaStateView(elevated) };
    },
  });

  routes.get('/api/v1/auth/factors', {
    config: { auth: 'session' },
    schema: { summary: 'The sign-in factors of the current user', tags: ['mfa'], response: { 200: factorsSchema } },
    handler: async (request) => {
      const claims = currentSession(resolver, request);
      const factors = await listFactors(deps, claims.sub);
      return {
        totp: factors.totp ? { id: factors.totp.factorId, confirmedAt: factors.totp.confirmedAt.toISOString() } : null,
        passkeys: factors.passkeys.map(passkeyView),
        recoveryCodesRemaining: factors.recoveryCodesRemaining,
      };
    },
  });

  routes.delete('/api/v1/auth/totp/:id', {
    config: { auth: 'session' },
    schema: { summary: 'Remove the authenticator app (needs a fresh MFA proof)', tags: ['mfa'], params: idParamsSchema, response: { 204: z.null() } },
    handler: async (request, reply) => {
      const claims = currentSession(resolver, request);
      await requireFreshAuth(deps, claims.sub, claims.sid);
      await removeTotp(deps, { userId: claims.sub, factorId: request.params.id });
      return reply.status(204).send(null);
    },
  });

  routes.post('/api/v1/auth/recovery-codes', {
    config: { auth: 'session' },
    schema: { summary: 'Replace the recovery codes (needs a fresh MFA proof)', tags: ['mfa'], response: { 200: recoveryCodesSchema } },
    handler: async (request) => {
      const claims = currentSession(resolver, request);
      await requireFreshAuth(deps, claims.sub, claims.sid);
      return { recoveryCodes: await generateRecoveryCodes(deps, { userId: claims.sub }) };
    },
  });
}

async function limitMfaAttempts(deps: IdentityDeps, request: FastifyRequest, userId: string): Promise<void> {
  await enforceRateLimits(deps.rateLimiter, [
    { rule: IDENTITY_RATE_LIMITS.mfaUser, key: userId },
    { rule: IDENTITY_RATE_LIMITS.mfaAddress, key: normaliseAddress(request.ip) },
  ]);
}

/** Replaces the session with an MFA-verified one under a new id (no fixation across the privilege change). */
export async function elevateSession(deps: IdentityDeps, request: FastifyRequest, reply: FastifyReply, claims: SessionClaims, method: string): Promise<SessionClaims> {
  const now = deps.clock.now();
  const issued = await startSession(deps, {
    userId: claims.sub,
    amr: [...new Set([...claims.amr, method])],
    authenticatedAt: new Date(claims.auth_time * 1000),
    mfaVerifiedAt: now,
    tenantId: claims.tid,
    elevatesSessionId: claims.sid,
    request,
  });
  setSessionCookies(reply, deps.config, issued);
  return issued.claims;
}

async function pendingTotpFactor(deps: IdentityDeps, userId: string): Promise<string> {
  const { rows } = await deps.db.query<{ id: string }>('SELECT id FROM totp_factors WHERE user_id = $1 AND confirmed_at IS NULL', [userId]);
  const id = rows[0]?.id;
  if (!id) throw new AppError('mfa.factor_not_found', 'Start the authenticator app setup first.');
  return id;
}

async function userEmail(deps: IdentityDeps, userId: string): Promise<string> {
  const { rows } = await deps.db.query<{ email: string }>('SELECT email FROM users WHERE id = $1', [userId]);
  if (!rows[0]) throw new AppError('auth.required');
  return rows[0].email;
}
