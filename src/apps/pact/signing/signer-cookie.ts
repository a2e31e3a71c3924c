import type { FastifyReply, FastifyRequest } from 'fastify';

/** The signer's session cookie: HttpOnly, Lax (the emailed link is a top-level navigation), Secure on https. */
export function signerCookieName(pactUrl: string): string {
  return pactUrl.startsWith('https:') ? '__Host-bsns-pact-signer' : 'bsns-pact-signer';
}

export function setSignerCookie(reply: FastifyReply, pactUrl: string, session: string, expiresAt: Date): void {
  reply.setCookie(signerCookieName(pactUrl), session, { httpOnly: true, sameSite: 'lax', secure: pactUrl.startsWith('https:'), path: '/', expires: expiresAt });
}

export function signerCookieOf(request: FastifyRequest, pactUrl: string): string | undefined {
  return request.cookies[signerCookieName(pactUrl)];
}
