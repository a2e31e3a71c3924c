import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config/index.js';
import { AppError } from '../../platform/errors/index.js';
import { SESSION_IDLE_MS } from './session-store.js';
import { SESSION_TOKEN_TTL_SECONDS } from './session-token.js';

/**
 * The cookies identity sets. The token cookie carries the JWT to every app, so in host mode it is
 * scoped to the parent domain (`__Secure-` on https). The refresh and device cookies stay on the
 * portal host: on https they carry the `__Host-` prefix, so browsers insist on Secure, Path=/ and
 * no Domain, and no sibling host can set one. All are HttpOnly; only plain-http localhost
 * development goes without Secure and the prefixes.
 */
export interface SessionCookieNames {
  readonly token: string;
  readonly refresh: string;
  readonly device: string;
}

export function sessionCookieNames(config: Pick<Config, 'publicUrl'>): SessionCookieNames {
  return isSecure(config)
    ? { token: '__Secure-bsns-session', refresh: '__Host-bsns-refresh', device: '__Host-bsns-device' }
    : { token: 'bsns-session', refresh: 'bsns-refresh', device: 'bsns-device' };
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

export function setSessionCookies(reply: FastifyReply, config: Pick<Config, 'publicUrl' | 'domain'>, tokens: { token: string; refreshToken?: string | undefined }): void {
  const names = sessionCookieNames(config);
  reply.setCookie(names.token, tokens.token, { ...tokenCookieOptions(config), maxAge: SESSION_TOKEN_TTL_SECONDS });
  if (tokens.refreshToken) {
    reply.setCookie(names.refresh, tokens.refreshToken, { ...baseOptions(config), maxAge: Math.floor(SESSION_IDLE_MS / 1000) });
  }
}

/** The device cookie is only ever needed by a same-site sign-in form, hence SameSite=Strict. */
export function setDeviceCookie(reply: FastifyReply, config: Pick<Config, 'publicUrl'>, device: { token: string; maxAgeSeconds: number }): void {
  reply.setCookie(sessionCookieNames(config).device, device.token, { ...baseOptions(config), sameSite: 'strict', maxAge: device.maxAgeSeconds });
}

/** Ends the session in this browser. The device cookie stays: the browser is still a known device. */
export function clearSessionCookies(reply: FastifyReply, config: Pick<Config, 'publicUrl' | 'domain'>): void {
  const names = sessionCookieNames(config);
  reply.clearCookie(names.token, tokenCookieOptions(config));
  reply.clearCookie(names.refresh, baseOptions(config));
}

export function readSessionCookies(request: FastifyRequest, config: Pick<Config, 'publicUrl'>): { token?: string; refreshToken?: string; deviceToken?: string } {
  const names = sessionCookieNames(config);
  refuseDuplicateCookies(request, names);
  return { token: request.cookies[names.token], refreshToken: request.cookies[names.refresh], deviceToken: request.cookies[names.device] };
}

/**
 * Refuses a request that carries one of identity's cookies twice (`auth.duplicate_cookie`). A
 * sibling host under the same parent domain can set a cookie of our name beside ours (with a
 * longer Path, so browsers send it first); the parser would silently pick one of the two.
 * Read from the raw header, since the parsed cookies keep only the first of each name. Runs on
 * every authenticated request, so the usual case (each name at most once in the text) costs
 * two string searches per name and allocates nothing.
 */
export function refuseDuplicateCookies(request: FastifyRequest, names: SessionCookieNames): void {
  const header = request.headers.cookie;
  if (!header) return;
  if (occursTwice(header, names.token) || occursTwice(header, names.refresh) || occursTwice(header, names.device)) {
    throw new AppError('auth.duplicate_cookie');
  }
}

function occursTwice(header: string, name: string): boolean {
  const first = header.indexOf(name);
  if (first < 0 || first === header.lastIndexOf(name)) return false;
  let count = 0;
  for (let at = first; at >= 0; at = header.indexOf(name, at + name.length)) {
    if (isCookieName(header, at, name.length) && ++count > 1) return true;
  }
  return false;
}

/** Whether the text at `at` is a whole cookie name: a pair starts before it and `=` follows it. */
function isCookieName(header: string, at: number, length: number): boolean {
  let before = at - 1;
  while (before >= 0 && isSpace(header.charCodeAt(before))) before--;
  if (before >= 0 && header[before] !== ';') return false;
  let after = at + length;
  while (after < header.length && isSpace(header.charCodeAt(after))) after++;
  return header[after] === '=';
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09;
}
