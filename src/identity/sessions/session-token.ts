import { errors, jwtVerify, type JWTPayload } from 'jose';
import { isPlatformGroup, type PlatformGroup } from '../../platform/access/platform-permissions.js';
import type { Clock } from '../../platform/clock.js';
import type { MfaStatus } from '../mfa-policy/mfa-status.js';
import { signJwt } from './sign-jwt.js';
import { SESSION_JWT_ALG, type SigningKeys } from './signing-keys.js';

export const SESSION_TOKEN_TYPE = 'bsns-session+jwt';
export const SESSION_AUDIENCE = 'bsns-suite';
export const SESSION_TOKEN_TTL_SECONDS = 600;

/** What a session token asserts. Short names keep the cookie small. */
export interface SessionClaims {
  readonly sub: string;
  /** Session row id: revocation and listing key. */
  readonly sid: string;
  /** Active tenant and the user's role in it. */
  readonly tid: string | null;
  readonly role: 'owner' | 'admin' | 'member' | null;
  readonly amr: readonly string[];
  readonly auth_time: number;
  readonly mfa: MfaStatus;
  readonly mfa_at: number | null;
  /** End of the MFA enrolment grace window (epoch seconds). */
  readonly grace_until: number;
  /** Platform groups (`bsns admin grant`), present only for platform admins. */
  readonly pgroups?: readonly PlatformGroup[];
  /** Support access (impersonation): the platform admin acting, as RFC 8693 has it. Only with `imp`. */
  readonly act?: { readonly sub: string };
  /** The impersonation event this session runs under; the server checks it on every request. */
  readonly imp?: string;
}

export interface VerifiedSession extends SessionClaims {
  readonly iat: number;
  readonly exp: number;
}

export class SessionTokenError extends Error {
  override readonly name = 'SessionTokenError';
}

/** `expiresAt` caps the token's lifetime below the usual ten minutes (the end of a support access time box). */
export async function issueSessionToken(keys: SigningKeys, options: { issuer: string; clock: Clock; expiresAt?: Date }, claims: SessionClaims): Promise<string> {
  const { kid, privateKey } = await keys.signingKey();
  const now = Math.floor(options.clock.now().getTime() / 1000);
  const cap = options.expiresAt ? Math.floor(options.expiresAt.getTime() / 1000) : Infinity;
  // The claims in jose's SignJWT order: the session's, then iss, aud, iat, exp.
  const payload = { ...claims, amr: [...claims.amr], iss: options.issuer, aud: SESSION_AUDIENCE, iat: now, exp: Math.min(now + SESSION_TOKEN_TTL_SECONDS, cap) };
  return signJwt(privateKey, { kid, typ: SESSION_TOKEN_TYPE }, payload);
}

/**
 * Verifies a session token with every parameter pinned: the algorithm (so `none` and HS256
 * key confusion fail), issuer, audience, type, lifetime and a known `kid`.
 */
export async function verifySessionToken(
  token: string,
  keys: Pick<SigningKeys, 'verificationKey'>,
  options: { issuer: string; clock: Clock },
): Promise<VerifiedSession> {
  try {
    const { payload } = await jwtVerify(
      token,
      async (header) => {
        if (header.alg !== SESSION_JWT_ALG || typeof header.kid !== 'string') throw new SessionTokenError('unexpected header');
        const key = await keys.verificationKey(header.kid);
        if (!key) throw new SessionTokenError('unknown signing key');
        return key;
      },
      {
        algorithms: [SESSION_JWT_ALG],
        issuer: options.issuer,
        audience: SESSION_AUDIENCE,
        typ: SESSION_TOKEN_TYPE,
        currentDate: options.clock.now(),
        clockTolerance: 5,
        requiredClaims: ['sub', 'sid', 'iat', 'exp', 'amr', 'mfa', 'grace_until', 'auth_time'],
      },
    );
    return toVerifiedSession(payload);
  } catch (error) {
    if (error instanceof SessionTokenError) throw error;
    if (error instanceof errors.JOSEError) throw new SessionTokenError(error.code);
    throw error;
  }
}

function isActor(value: unknown): value is { sub: string } {
  return typeof value === 'object' && value !== null && typeof (value as { sub?: unknown }).sub === 'string';
}

const MFA_STATUSES = new Set(['satisfied', 'required', 'grace', 'enroll']);
const ROLES = new Set(['owner', 'admin', 'member']);

function toVerifiedSession(payload: JWTPayload): VerifiedSession {
  const p = payload as Record<string, unknown>;
  const ok =
    typeof p.sub === 'string' &&
    typeof p.sid === 'string' &&
    (p.tid === null || typeof p.tid === 'string') &&
    (p.role === null || (typeof p.role === 'string' && ROLES.has(p.role))) &&
    Array.isArray(p.amr) &&
    p.amr.every((method) => typeof method === 'string') &&
    typeof p.auth_time === 'number' &&
    typeof p.mfa === 'string' &&
    MFA_STATUSES.has(p.mfa) &&
    (p.mfa_at === null || typeof p.mfa_at === 'number') &&
    typeof p.grace_until === 'number' &&
    (p.pgroups === undefined || (Array.isArray(p.pgroups) && p.pgroups.every(isPlatformGroup))) &&
    // Support access comes whole: an actor and its event, and no platform powers beside them.
    (p.act === undefined ? p.imp === undefined : isActor(p.act) && typeof p.imp === 'string' && p.pgroups === undefined) &&
    typeof p.iat === 'number' &&
    typeof p.exp === 'number' &&
    // Never longer-lived than the tokens identity issues: a stretched `exp` is a forgery.
    p.exp - p.iat <= SESSION_TOKEN_TTL_SECONDS;
  if (!ok) throw new SessionTokenError('malformed claims');
  return p as unknown as VerifiedSession;
}
