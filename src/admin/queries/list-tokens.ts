import type { TokenScope } from '../../platform/access/token-scopes.js';
import type { Queryable } from '../../platform/db/index.js';
import { readPage, type Page, type PageRequest } from '../../platform/paging/index.js';

/** A token's metadata: never its text, never its hash (the columns below name neither). */
export interface AdminToken {
  readonly id: string;
  readonly name: string;
  readonly userId: string;
  readonly email: string;
  readonly tenantId: string;
  readonly scopes: TokenScope[];
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly lastUsedAt: Date | null;
  readonly lastUsedAddress: string | null;
  readonly revokedAt: Date | null;
}

/** One page of personal access tokens (revoked and expired ones included), newest first, of one user or of everyone. */
export async function listTokens(db: Queryable, query: PageRequest & { user?: string | undefined }): Promise<Page<AdminToken>> {
  return readPage({
    order: { keys: ['t.created_at', 't.id'], descending: true },
    page: query,
    firstParam: 2,
    fetch: async (keyset) =>
      (
        await db.query<AdminToken & { created: string }>(
          `SELECT t.id, t.name, t.user_id AS "userId", u.email, t.tenant_id AS "tenantId", t.scopes, t.created_at AS "createdAt",
             t.expires_at AS "expiresAt", t.last_used_at AS "lastUsedAt", t.last_used_address AS "lastUsedAddress", t.revoked_at AS "revokedAt",
             t.created_at::text AS created
           FROM api_tokens t JOIN users u ON u.id = t.user_id
           WHERE ($1::uuid IS NULL OR t.user_id = $1) AND ${keyset.where}
           ORDER BY ${keyset.orderBy} LIMIT ${keyset.limit}`,
          [query.user ?? null, ...keyset.params],
        )
      ).rows,
    keyOf: (row) => [row.created, row.id],
    toItem: ({ created: _created, ...token }) => token,
  });
}
