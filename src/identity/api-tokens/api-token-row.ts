import type { TokenScope } from '../../platform/access/token-scopes.js';

/** A token as its owner and their tenant's admins see it: never its text, never its hash. */
export interface ApiTokenView {
  readonly id: string;
  readonly userId: string;
  readonly name: string;
  readonly scopes: readonly TokenScope[];
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly lastUsedAt: Date | null;
  readonly lastUsedAddress: string | null;
  readonly revokedAt: Date | null;
}

/** The columns of an `ApiTokenView`, for every SELECT that lists tokens (the hash is not among them). */
/** The most tokens a list answers, newest first (the tenant quota keeps live ones far below it). */
export const API_TOKEN_LIST_LIMIT = 200;

export const API_TOKEN_VIEW_COLUMNS = `id, user_id AS "userId", name, scopes, created_at AS "createdAt", expires_at AS "expiresAt",
  last_used_at AS "lastUsedAt", last_used_address AS "lastUsedAddress", revoked_at AS "revokedAt"`;
