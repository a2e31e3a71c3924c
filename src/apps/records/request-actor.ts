import type { FastifyRequest } from 'fastify';

/**
 * The acting user of a request that passed its posture (which guarantees a principal): the
 * session's user, or the user a personal access token acts for.
 */
export function actorOf(request: FastifyRequest): string {
  const principal = request.principal!;
  return principal.onBehalfOf ?? principal.subject;
}
