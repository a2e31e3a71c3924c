import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config/index.js';
import { SESSION_IDLE_MS } from './session-store.js';
import { SESSION_TOKEN_TTL_SECONDS } from './session-token.js';

/**
 * The two session cookies. The token cookie carries the JWT to every app, so in host mode it is
 * scoped to the parent domain; the refresh cookie stays host-only on the portal. Both are
 * HttpOnly and SameSite=Lax, and Secure whenever the suite is served over https (only plain-http
 * localhost development goes without), with the `__Secure-` prefix making browsers insist on it.
 */
export interface SessionCookieNames {
  readonly token: string;
  readonly refresh: string;
}

export function sessionCookieNames(config: Pick<Config, 'publicUrl'>): SessionCookieNames {
  return isSecure(config) ? { token: '__Secure-bsns-session', refresh: '__Secure-bsns-refresh' } : { token: 'bsns-session', refresh: 'bsns-refresh' };
}

function isSecure(config: Pick<Config, 'publicUrl'>): boolean {
  return config.publicUrl.startsWith('https:');
}

function baseOptions(config: Pick<Config, 'publicUrl'>): CookieSerializeOptions {
  return { httpOnly: true, sameSite: 'lax', secure: isSecure(config), path: '/' };
}

/** The token cookie reaches every app: in host mode it is scoped to the parent domain. */
function tokenCookieOptions(config: Pick<Config, 'publicUrl' | 'domain'>): CookieSerializeOptions {
  return { ...baseOptions(config), ...(config.domain ? { domain: `.${config.domain}` } : {}) };
}

export function setSessionCookies(reply: FastifyReply, config: Pick<Config, 'publicUrl' | 'domain'>, tokens: { token: string; refreshToken?: string }): void {
  const names = sessionCookieNames(config);
  reply.setCookie(names.token, tokens.token, { ...tokenCookieOptions(config), maxAge: SESSION_TOKEN_TTL_SECONDS });
  if (tokens.refreshToken) {
    reply.setCookie(names.refresh, tokens.refreshToken, { ...baseOptions(config), maxAge: Math.floor(SESSION_IDLE_MS / 1000) });
  }
}

export function clearSessionCookies(reply: FastifyReply, config: Pick<Config, 'publicUrl' | 'domain'>): void {
  const names = sessionCookieNames(config);
  reply.clearCookie(names.token, tokenCookieOptions(config));
  reply.clearCookie(names.refresh, baseOptions(config));
}

export function readSessionCookies(request: FastifyRequest, config: Pick<Config, 'publicUrl'>): { token?: string; refreshToken?: string } {
  const names = sessionCookieNames(config);
  return { token: request.cookies[names.token], refreshToken: request.cookies[names.refresh] };
}
