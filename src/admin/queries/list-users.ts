import type { Queryable } from '../../platform/db/index.js';
import { readPage, type Page, type PageRequest } from '../../platform/paging/index.js';
import { containsPattern, idOf } from './search-pattern.js';

export interface AdminUser {
  readonly id: string;
  readonly email: string;
  readonly displayName: string | null;
  readonly emailVerified: boolean;
  readonly disabledAt: Date | null;
  readonly createdAt: Date;
}

export const ADMIN_USER_COLUMNS = `u.id, u.email, u.display_name AS "displayName", u.email_verified_at IS NOT NULL AS "emailVerified",
  u.disabled_at AS "disabledAt", u.created_at AS "createdAt"`;

/**
 * One page of every user, newest first, searched by a part of the email or name (or an exact id).
 * The substring match scans users (no trigram index): fine at the platform's scale of accounts,
 * the page itself is still a keyset walk.
 */
export async function listUsers(db: Queryable, query: PageRequest & { q?: string | undefined }): Promise<Page<AdminUser>> {
  const pattern = containsPattern(query.q);
  const id = idOf(query.q);
  return readPage({
    order: { keys: ['u.created_at', 'u.id'], descending: true },
    page: query,
    firstParam: 3,
    fetch: async (keyset) =>
      (
        await db.query<AdminUser & { created: string }>(
          `SELECT ${ADMIN_USER_COLUMNS}, u.created_at::text AS created FROM users u
           WHERE ($1::text IS NULL OR u.email_normalized LIKE $1 ESCAPE '\\' OR lower(u.display_name) LIKE $1 ESCAPE '\\' OR u.id = $2::uuid)
             AND ${keyset.where}
           ORDER BY ${keyset.orderBy} LIMIT ${keyset.limit}`,
          [pattern, id, ...keyset.params],
        )
      ).rows,
    keyOf: (row) => [row.created, row.id],
    toItem: ({ created: _created, ...user }) => user,
  });
}
