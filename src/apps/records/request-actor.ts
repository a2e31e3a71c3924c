import type { FastifyRequest } from 'fastify';

/** The acting user of a request behind a `session+mfa` posture (the posture guarantees a principal). */
export function actorOf(request: FastifyRequest): string {
  return request.principal!.subject;
}
