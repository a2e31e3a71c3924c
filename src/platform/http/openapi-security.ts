import type { ErrorCode } from '../errors/index.js';
import { posturesOf, type AuthPosture, type RouteAuth } from './auth-posture.js';

/**
 * The credentials a client can present, as OpenAPI security schemes. The names are part of the
 * contract: generated clients refer to them.
 */
export function securitySchemes(options: { https: boolean }) {
  return {
    sessionCookie: {
      type: 'apiKey',
      in: 'cookie',
      // identity's token cookie (sessionCookieNames); a test keeps the two equal.
      name: options.https ? '__Secure-bsns-session' : 'bsns-session',
      description: 'The short-lived session token a browser receives at sign-in (HttpOnly cookie; refreshed by the suite).',
    },
    personalAccessToken: {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'pat_…',
      description: 'A personal access token (`Authorization: Bearer pat_…`), scoped and revocable.',
    },
    serviceKey: {
      type: 'http',
      scheme: 'bearer',
      description: 'An environment-scoped service key for trusted backend traffic (`Authorization: Bearer …`).',
    },
  } as const;
}

export type SecuritySchemeName = keyof ReturnType<typeof securitySchemes>;

/** What a posture means for the contract: the credentials it accepts and the refusals it can answer. */
interface PostureContract {
  readonly schemes: readonly SecuritySchemeName[];
  readonly errorCodes: readonly ErrorCode[];
}

type BasicPosture = Exclude<AuthPosture, `platform:${string}` | `token:${string}`>;

const SESSION_REFUSALS = ['auth.required', 'auth.duplicate_cookie'] as const;

/**
 * One row per posture, keyed by the posture type itself: a new posture does not compile until
 * it is given its schemes here. Mirrors what `enforce-auth-posture.ts` accepts for each.
 */
const POSTURE_CONTRACTS: Record<BasicPosture, PostureContract> = {
  public: { schemes: [], errorCodes: [] },
  session: { schemes: ['sessionCookie'], errorCodes: [...SESSION_REFUSALS, 'auth.mfa_required'] },
  'session:mfa-pending': { schemes: ['sessionCookie'], errorCodes: SESSION_REFUSALS },
  'session:mfa-enroll': { schemes: ['sessionCookie'], errorCodes: [...SESSION_REFUSALS, 'auth.mfa_required'] },
  'session+mfa': { schemes: ['sessionCookie'], errorCodes: [...SESSION_REFUSALS, 'auth.mfa_required'] },
  token: { schemes: ['personalAccessToken'], errorCodes: ['auth.required'] },
  service: { schemes: ['serviceKey'], errorCodes: ['auth.required'] },
};

const PLATFORM_CONTRACT: PostureContract = {
  schemes: ['sessionCookie'],
  errorCodes: [...SESSION_REFUSALS, 'auth.mfa_required', 'auth.permission_denied'],
};

/** A token posture naming a scope (`token:records:read`): a token, refused when it lacks the scope. */
const TOKEN_SCOPE_CONTRACT: PostureContract = { schemes: ['personalAccessToken'], errorCodes: ['auth.required', 'auth.scope_required'] };

/** Thrown at registration when a route's posture maps to no security scheme. */
export class UnmappedPostureError extends Error {
  override readonly name = 'UnmappedPostureError';
}

/** The contract of a posture; a posture missing from the table fails closed at registration. */
export function postureContract(posture: AuthPosture): PostureContract {
  const contract = posture.startsWith('platform:')
    ? PLATFORM_CONTRACT
    : posture.startsWith('token:')
      ? TOKEN_SCOPE_CONTRACT
      : (POSTURE_CONTRACTS as Partial<Record<string, PostureContract>>)[posture];
  if (!contract || (posture !== 'public' && contract.schemes.length === 0)) {
    throw new UnmappedPostureError(`Posture ${JSON.stringify(posture)} maps to no OpenAPI security scheme: add it to POSTURE_CONTRACTS`);
  }
  return contract;
}

/** Every refusal a route's auth can answer: the union over its alternatives. */
export function routeErrorCodes(auth: RouteAuth): ErrorCode[] {
  return [...new Set(posturesOf(auth).flatMap((posture) => postureContract(posture).errorCodes))];
}

/**
 * The operation's `security`: any one of the schemes of any of its alternatives; `[]` (no
 * credential) for public. A token alternative names its scope as the requirement's role
 * (OpenAPI 3.1 allows roles for non-OAuth schemes): `{ personalAccessToken: ['records:read'] }`.
 */
export function securityRequirements(auth: RouteAuth): Array<Record<string, string[]>> {
  return posturesOf(auth).flatMap((posture) => {
    const roles = posture.startsWith('token:') ? [posture.slice('token:'.length)] : [];
    return postureContract(posture).schemes.map((scheme) => ({ [scheme]: roles }));
  });
}
