import type { Clock } from '../../platform/clock.js';
import type { Queryable } from '../../platform/db/index.js';
import { readPage, type Page, type PageRequest } from '../../platform/paging/index.js';

export interface AdminSession {
  readonly id: string;
  readonly userId: string;
  readonly email: string;
  readonly tenantId: string | null;
  readonly mfaVerified: boolean;
  readonly createdAt: Date;
  readonly lastSeenAt: Date;
  readonly ipAddress: string | null;
  readonly userAgent: string | null;
}

/** One page of live sessions (not revoked, not expired), newest first, of one user or of everyone. */
export async function listSessions(db: Queryable, clock: Clock, query: PageRequest & { user?: string | undefined }): Promise<Page<AdminSession>> {
  return readPage({
    order: { keys: ['s.created_at', 's.id'], descending: true },
    page: query,
    firstParam: 3,
    fetch: async (keyset) =>
      (
        await db.query<AdminSession & { created: string }>(
          `SELECT s.id, s.user_id AS "userId", u.email, s.tenant_id AS "tenantId", s.mfa_verified_at IS NOT NULL AS "mfaVerified",
             s.created_at AS "createdAt", s.last_seen_at AS "lastSeenAt", s.ip_address AS "ipAddress", s.user_agent AS "userAgent",
             s.created_at::text AS created
           FROM sessions s JOIN users u ON u.id = s.user_id
           WHERE s.revoked_at IS NULL AND s.idle_expires_at > $1 AND s.absolute_expires_at > $1 AND ($2::uuid IS NULL OR s.user_id = $2)
             AND ${keyset.where}
           ORDER BY ${keyset.orderBy} LIMIT ${keyset.limit}`,
          [clock.now(), query.user ?? null, ...keyset.params],
        )
      ).rows,
    keyOf: (row) => [row.created, row.id],
    toItem: ({ created: _created, ...session }) => session,
  });
}
