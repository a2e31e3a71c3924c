import type { FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors/index.js';
import type { SessionResolver } from '../sessions/session-resolver.js';
import type { SessionClaims } from '../sessions/session-token.js';

/** The verified session claims of a request that passed a `session` posture. */
export function currentSession(resolver: SessionResolver, request: FastifyRequest): SessionClaims {
  const claims = resolver.claimsOf(request);
  if (!claims) throw new AppError('auth.required');
  return claims;
}
