import type { Queryable } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors/index.js';
import { readPage, type Page, type PageRequest } from '../../platform/paging/index.js';
import { containsPattern, idOf } from './search-pattern.js';

export interface AdminTenant {
  readonly id: string;
  readonly name: string;
  readonly createdAt: Date;
  readonly disabledAt: Date | null;
  readonly memberCount: number;
}

const TENANT_COLUMNS = `t.id, t.name, t.created_at AS "createdAt", t.disabled_at AS "disabledAt",
  (SELECT count(*)::int FROM memberships m WHERE m.tenant_id = t.id) AS "memberCount"`;

/** One page of every tenant, newest first, searched by a part of the name (or an exact id; tenants have no slug). */
export async function listTenants(db: Queryable, query: PageRequest & { q?: string | undefined }): Promise<Page<AdminTenant>> {
  const pattern = containsPattern(query.q);
  const id = idOf(query.q);
  return readPage({
    order: { keys: ['t.created_at', 't.id'], descending: true },
    page: query,
    firstParam: 3,
    fetch: async (keyset) =>
      (
        await db.query<AdminTenant & { created: string }>(
          `SELECT ${TENANT_COLUMNS}, t.created_at::text AS created FROM tenants t
           WHERE ($1::text IS NULL OR lower(t.name) LIKE $1 ESCAPE '\\' OR t.id = $2::uuid) AND ${keyset.where}
           ORDER BY ${keyset.orderBy} LIMIT ${keyset.limit}`,
          [pattern, id, ...keyset.params],
        )
      ).rows,
    keyOf: (row) => [row.created, row.id],
    toItem: ({ created: _created, ...tenant }) => tenant,
  });
}

export async function findTenant(db: Queryable, tenantId: string): Promise<AdminTenant> {
  const { rows } = await db.query<AdminTenant>(`SELECT ${TENANT_COLUMNS} FROM tenants t WHERE t.id = $1`, [tenantId]);
  if (!rows[0]) throw new AppError('admin.tenant_not_found');
  return rows[0];
}
