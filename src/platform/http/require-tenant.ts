import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors/index.js';

/** The tenant the authenticated caller acts for; 403 when the credential names none. */
export function requireTenant(request: FastifyRequest): string {
  const tenantId = request.principal?.tenantId;
  if (!tenantId) throw new AppError('auth.tenant_required');
  return tenantId;
}
