import type { FastifyReply, FastifyRequest } from 'fastify';
import { isPlatformPermission, type PlatformPermission } from '../access/platform-permissions.js';
import { isTokenScope, type TokenScope } from '../access/token-scopes.js';
import { AppError } from '../errors/index.js';

/**
 * What a route demands of its caller. Every route declares one in `config.auth`;
 * registration fails without it, so no route is open by omission.
 * - `public`: anyone.
 * - `session`: a signed-in user who owes no MFA step: MFA done in this session, or no factor
 *   yet inside the enrolment grace window. The default for anything a signed-in user does.
 * - `session+mfa`: the same guarantee, named by routes that exist to pass MFA-gated access on
 *   (app launch, app APIs), so they stay gated whatever becomes of `session`.
 * - `session:mfa-pending`: any signed-in user, MFA done or not. Only for finishing MFA, signing
 *   out and reading one's own MFA state: a password alone must reach nothing else.
 * - `session:mfa-enroll`: a signed-in user who owes no MFA step, or who has no factor and is past
 *   the grace window (must enrol). Only for enrolling a factor. A user who has a factor but has
 *   not proven it is refused: a new factor must not stand in for the one they already have.
 * - `token`: a personal access token, whatever its scopes.
 * - `token:<scope>`: a personal access token granted that scope (`token:records:read`).
 * - `service`: an environment-scoped service key for trusted backend traffic.
 * - `platform:<permission>`: a signed-in, MFA-verified platform admin holding that permission.
 */
export type AuthPosture =
  | 'public'
  | 'session'
  | 'session+mfa'
  | 'session:mfa-pending'
  | 'session:mfa-enroll'
  | 'token'
  | `token:${TokenScope}`
  | 'service'
  | `platform:${PlatformPermission}`;

/**
 * What a route declares in `config.auth`: one posture, or several alternatives, any one of which
 * lets the caller in (`['session+mfa', 'token:records:read']`: a browser session, or a token with
 * that scope). Which alternative applies is decided by the credential the request carries, never
 * by trying each in turn: a request with `Authorization: Bearer` is judged only as a machine
 * credential, one without it only as a session.
 */
export type RouteAuth = AuthPosture | readonly AuthPosture[];

const BASIC_POSTURES = new Set(['public', 'session', 'session+mfa', 'session:mfa-pending', 'session:mfa-enroll', 'token', 'service']);

export function isAuthPosture(value: unknown): value is AuthPosture {
  if (typeof value !== 'string') return false;
  if (BASIC_POSTURES.has(value)) return true;
  if (value.startsWith('token:')) return isTokenScope(value.slice('token:'.length));
  return value.startsWith('platform:') && isPlatformPermission(value.slice('platform:'.length));
}

/** The family a posture belongs to: which credential it reads. */
export function credentialOf(posture: AuthPosture): 'none' | 'session' | 'token' | 'service' {
  if (posture === 'public') return 'none';
  if (posture === 'token' || posture.startsWith('token:')) return 'token';
  if (posture === 'service') return 'service';
  return 'session';
}

/**
 * A valid `config.auth`: one posture, or a non-empty list of alternatives with at most one per
 * credential family and no `public` among them (a public alternative would make the rest moot).
 */
export function isRouteAuth(value: unknown): value is RouteAuth {
  if (isAuthPosture(value)) return true;
  if (!Array.isArray(value) || value.length === 0 || !value.every(isAuthPosture)) return false;
  const families = value.map(credentialOf);
  return !families.includes('none') && new Set(families).size === families.length;
}

/** The alternatives of a route's declared auth, as a list. */
export function posturesOf(auth: RouteAuth): readonly AuthPosture[] {
  return typeof auth === 'string' ? [auth as AuthPosture] : auth;
}

/** How a route's auth reads in route tables and messages: alternatives joined by ` | `. */
export function describeRouteAuth(auth: RouteAuth): string {
  return posturesOf(auth).join(' | ');
}

/**
 * Support access (impersonation, SPEC control 18): a platform admin acting inside a tenant under
 * one time-boxed event. The principal carries it so every part of the suite can see who really
 * acts (the banner, the action log) and refuse what support may never do (`refuseDuringSupportAccess`).
 */
export interface SupportAccess {
  readonly eventId: string;
  /** The platform admin acting (RFC 8693 `act.sub`). */
  readonly actorId: string;
  /** How the banner names them (their email address). */
  readonly actorLabel: string;
  /** The end of the time box: every request after it is refused. */
  readonly endsAt: Date;
}

/**
 * Refuses an action to a principal under support access: revealing a sensitive value, changing
 * a sign-in factor or an account setting. The helpers that guard those call it first, so no
 * caller can skip it.
 */
export function refuseDuringSupportAccess(principal: { readonly supportAccess?: SupportAccess | null } | null | undefined): void {
  if (principal?.supportAccess) throw new AppError('auth.impersonation_forbidden');
}

/** The authenticated caller of a request, as established by a resolver. */
export interface Principal {
  readonly kind: 'user' | 'token' | 'service';
  /** User id, token id or service key id. */
  readonly subject: string;
  /** The tenant this credential acts for, if any. */
  readonly tenantId: string | null;
  /** MFA is done, or not yet required of this user (inside the enrolment grace window). */
  readonly mfaSatisfied: boolean;
  /** When the session last proved a second factor (the token's `mfa_at`); gates fresh-MFA actions such as revealing a sensitive field. */
  readonly mfaVerifiedAt?: Date | null;
  /**
   * When MFA is not satisfied, what is owed: `verify` (the user has a factor and has not proven
   * it in this session) or `enroll` (no factor, past the grace window). Absent counts as `verify`,
   * the stricter answer.
   */
  readonly mfaOwed?: 'verify' | 'enroll';
  readonly platformPermissions: ReadonlySet<PlatformPermission>;
  readonly sessionId?: string;
  readonly scopes?: readonly string[];
  /** The user a token acts for (a token's `subject` is the token id). */
  readonly onBehalfOf?: string;
  /** Set while a platform admin acts in the tenant as support (impersonation). */
  readonly supportAccess?: SupportAccess;
  /**
   * Set by a resolver that answered from a cache before confirming it is current: settles true
   * when the credential is confirmed still valid, false when not, and never rejects. The posture
   * hook awaits it before any handler of a method that may change something, and before any
   * answer leaves (a false one becomes 401), so a read can overlap its confirmation.
   */
  readonly confirmation?: Promise<boolean>;
}

/** Reads a credential from the request; may set cookies on the reply (e.g. a refreshed session token). */
export type PrincipalResolver = (request: FastifyRequest, reply: FastifyReply) => Promise<Principal | null>;

/**
 * How each kind of credential is read from a request. The identity module supplies the real
 * ones; a posture whose resolver is missing denies every request (fail closed).
 */
export interface AuthResolvers {
  readonly session?: PrincipalResolver;
  readonly token?: PrincipalResolver;
  readonly service?: PrincipalResolver;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: RouteAuth;
  }
  interface FastifyRequest {
    principal: Principal | null;
    /** The alternative of the route's `config.auth` that let this request in (null for public routes). */
    authPosture: AuthPosture | null;
  }
}
