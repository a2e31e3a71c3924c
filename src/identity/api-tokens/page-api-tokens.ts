import type { Queryable } from '../../platform/db/index.js';
import { readPage, type Page, type PageRequest } from '../../platform/paging/index.js';
import { requireManager, type TenantActor } from '../tenants/tenant-access.js';
import type { ApiTokenView } from './api-token-row.js';

/** A token as the account page lists it: with the name of its tenant. */
export interface OwnApiTokenListing extends ApiTokenView {
  readonly tenantName: string;
}

/** A token as the tenant's admins list it: with who holds it. */
export interface MemberApiTokenListing extends ApiTokenView {
  readonly ownerEmail: string;
}

// The hash is never selected: a page cannot render what it never read.
const LISTING_COLUMNS = `t.id, t.user_id AS "userId", t.name, t.scopes, t.created_at AS "createdAt", t.expires_at AS "expiresAt",
  t.last_used_at AS "lastUsedAt", t.last_used_address AS "lastUsedAddress", t.revoked_at AS "revokedAt", t.created_at::text AS created`;
const NEWEST_FIRST = { keys: ['t.created_at', 't.id'], descending: true } as const;

/** One page of the user's own tokens in every tenant, newest first, revoked ones included. */
export async function pageOwnApiTokens(db: Queryable, userId: string, page: PageRequest): Promise<Page<OwnApiTokenListing>> {
  return readPage({
    order: NEWEST_FIRST,
    page,
    firstParam: 2,
    fetch: async (keyset) =>
      (
        await db.query<OwnApiTokenListing & { created: string }>(
          `SELECT ${LISTING_COLUMNS}, tn.name AS "tenantName" FROM api_tokens t JOIN tenants tn ON tn.id = t.tenant_id
           WHERE t.user_id = $1 AND ${keyset.where} ORDER BY ${keyset.orderBy} LIMIT ${keyset.limit}`,
          [userId, ...keyset.params],
        )
      ).rows,
    keyOf: (row) => [row.created, row.id],
    toItem: ({ created: _created, ...row }) => row,
  });
}

/** One page of every member's tokens for the actor's active tenant: owners and admins only. */
export async function pageTenantApiTokens(db: Queryable, actor: TenantActor, page: PageRequest): Promise<Page<MemberApiTokenListing>> {
  const { tenantId } = await requireManager(db, actor);
  return readPage({
    order: NEWEST_FIRST,
    page,
    firstParam: 2,
    fetch: async (keyset) =>
      (
        await db.query<MemberApiTokenListing & { created: string }>(
          `SELECT ${LISTING_COLUMNS}, u.email AS "ownerEmail" FROM api_tokens t JOIN users u ON u.id = t.user_id
           WHERE t.tenant_id = $1 AND ${keyset.where} ORDER BY ${keyset.orderBy} LIMIT ${keyset.limit}`,
          [tenantId, ...keyset.params],
        )
      ).rows,
    keyOf: (row) => [row.created, row.id],
    toItem: ({ created: _created, ...row }) => row,
  });
}
