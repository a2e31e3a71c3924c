import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../clock.js';
import { BudgetLeases, type RateLimiter, type RateLimitRule } from '../rate-limit/index.js';
import { AppError, type ErrorCode } from '../errors/index.js';
import { credentialOf, posturesOf, type AuthPosture, type Principal, type RouteAuth } from './auth-posture.js';

/** At most `limit` requests per `windowSeconds` for one credential. */
export interface CredentialCeiling {
  readonly limit: number;
  readonly windowSeconds: number;
}

/**
 * Ceilings per credential: one per family (every session, token or service key gets its own
 * counter), and optionally a tighter or looser one for a posture, which is how a token scope
 * gets its own (`'token:records:write'`). A posture ceiling is counted instead of its family's.
 */
export interface CredentialCeilings {
  readonly session: CredentialCeiling;
  readonly token: CredentialCeiling;
  readonly service: CredentialCeiling;
  readonly postures?: Partial<Record<AuthPosture, CredentialCeiling>>;
}

export const DEFAULT_CREDENTIAL_CEILINGS: CredentialCeilings = {
  session: { limit: 1200, windowSeconds: 60 },
  token: { limit: 600, windowSeconds: 60 },
  service: { limit: 6000, windowSeconds: 60 },
  postures: { 'token:records:write': { limit: 300, windowSeconds: 60 } },
};

function ruleFor(posture: AuthPosture, ceilings: CredentialCeilings): RateLimitRule {
  const family = credentialOf(posture) as 'session' | 'token' | 'service';
  const specific = ceilings.postures?.[posture];
  // Rule names stay stable and path-free: `credential:token`, `credential:token:records:write`.
  return specific ? { name: `credential:${posture}`, ...specific } : { name: `credential:${family}`, ...ceilings[family] };
}

/**
 * What the ceilings add to a route's contract: any alternative that reads a credential is
 * counted (the hook below skips only `public`), so it can answer 429 `request.rate_limited`.
 */
export function credentialRateLimitCodes(auth: RouteAuth): ErrorCode[] {
  return posturesOf(auth).some((posture) => credentialOf(posture) !== 'none') ? ['request.rate_limited'] : [];
}

/** The counter key: one session (not one user: two browsers are two budgets), one token, one service key. */
function credentialKey(principal: Principal): string {
  return principal.kind === 'user' ? `session:${principal.sessionId ?? principal.subject}` : `${principal.kind}:${principal.subject}`;
}

/** The policy's name in the headers: the rule name as a structured-field token-safe string. */
const policyName = (rule: RateLimitRule) => rule.name.replace(/[^a-z0-9-]+/gi, '-');

function setHeaders(reply: FastifyReply, rule: RateLimitRule, remaining: number, resetSeconds: number): void {
  // draft-ietf-httpapi-ratelimit-headers: the quota policy, and what is left of it now.
  reply.header('ratelimit-policy', `"${policyName(rule)}";q=${rule.limit};w=${rule.windowSeconds}`);
  reply.header('ratelimit', `"${policyName(rule)}";r=${Math.max(0, remaining)};t=${resetSeconds}`);
}

/**
 * Counts every authenticated request against its credential's ceiling, after the posture hook
 * has established who is calling. The ceiling holds across processes and is never exceeded; a
 * process may refuse slightly early at a window's end (see BudgetLeases). Over the ceiling: 429 `request.rate_limited` with
 * `Retry-After`. Every answer to an authenticated request carries `RateLimit-Policy` and
 * `RateLimit`. Public routes are not counted here (they have their own per-address limits).
 */
export function installCredentialRateLimits(app: FastifyInstance, limiter: RateLimiter, ceilings: CredentialCeilings = DEFAULT_CREDENTIAL_CEILINGS, clock?: Clock): void {
  // Every authenticated request is counted, so counting must not cost a store round trip each:
  // the process leases slices of each credential's budget (budget-leases.ts).
  const budgets = new BudgetLeases(limiter, clock);
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const posture = request.authPosture;
    const principal = request.principal;
    if (!posture || !principal) return;
    const rule = ruleFor(posture, ceilings);
    const result = await budgets.consume(rule, credentialKey(principal));
    const resetSeconds = result.resetSeconds ?? rule.windowSeconds;
    if (!result.allowed) {
      setHeaders(reply, rule, 0, resetSeconds);
      throw new AppError('request.rate_limited', undefined, { retryAfterSeconds: result.retryAfterSeconds });
    }
    setHeaders(reply, rule, rule.limit - result.count, resetSeconds);
  });
}
