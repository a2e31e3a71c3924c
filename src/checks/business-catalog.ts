import pg from 'pg';
import type { Queryable } from '../platform/db/index.js';

/** A table, view or materialized view outside the system schemas (extension objects excluded). */
export interface CatalogRelation {
  readonly schema: string;
  readonly name: string;
  readonly kind: 'table' | 'view' | 'materialized view';
  readonly hasTenantId: boolean;
  readonly rlsEnabled: boolean;
  readonly rlsForced: boolean;
  readonly options: readonly string[];
  readonly runtimeCanRead: boolean;
  readonly runtimeCanWrite: boolean;
}

export interface CatalogPolicy {
  readonly table: string;
  readonly name: string;
  readonly command: 'ALL' | 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE';
  readonly permissive: boolean;
  /** Role names; `public` when the policy applies to every role. */
  readonly roles: readonly string[];
  readonly using: string | null;
  readonly withCheck: string | null;
}

export interface CatalogRuntimeRole {
  readonly name: string;
  readonly superuser: boolean;
  readonly bypassRls: boolean;
  readonly ownedRelations: readonly string[];
  /** Roles it can SET ROLE to that are superuser, BYPASSRLS or own relations: a way around RLS. */
  readonly powerfulRoles: readonly string[];
}

/** What the RLS checks read from the live business database. */
export interface BusinessCatalog {
  readonly relations: readonly CatalogRelation[];
  readonly policies: readonly CatalogPolicy[];
  /** `schema.name(argtypes)` of every SECURITY DEFINER function. */
  readonly securityDefinerFunctions: readonly string[];
  /** Null when the role does not exist in this cluster. */
  readonly runtimeRole: CatalogRuntimeRole | null;
}

const USER_SCHEMAS = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'`;
const COMMANDS = { '*': 'ALL', r: 'SELECT', a: 'INSERT', w: 'UPDATE', d: 'DELETE' } as const;
const KINDS = { r: 'table', p: 'table', v: 'view', m: 'materialized view' } as const;

/** Reads the catalog facts the RLS checks judge, as seen for `runtimeRole` (the business runtime role). */
export async function readBusinessCatalog(db: Queryable, runtimeRole: string): Promise<BusinessCatalog> {
  const relations = await db.query<{
    schema: string; name: string; kind: keyof typeof KINDS; has_tenant_id: boolean; rls_enabled: boolean;
    rls_forced: boolean; options: string[] | null; can_read: boolean; can_write: boolean;
  }>(
    `WITH runtime AS (SELECT oid FROM pg_roles WHERE rolname = $1)
     SELECT n.nspname AS schema, c.relname AS name, c.relkind AS kind,
       EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped) AS has_tenant_id,
       c.relrowsecurity AS rls_enabled, c.relforcerowsecurity AS rls_forced, c.reloptions AS options,
       coalesce((SELECT has_any_column_privilege(runtime.oid, c.oid, 'SELECT') FROM runtime), false) AS can_read,
       coalesce((SELECT has_any_column_privilege(runtime.oid, c.oid, 'INSERT, UPDATE')
                     OR has_table_privilege(runtime.oid, c.oid, 'DELETE, TRUNCATE') FROM runtime), false) AS can_write
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind IN ('r', 'p', 'v', 'm') AND ${USER_SCHEMAS}
       AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
     ORDER BY n.nspname, c.relname`,
    [runtimeRole],
  );
  const policies = await db.query<{
    table: string; name: string; command: keyof typeof COMMANDS; permissive: boolean; roles: string[]; using: string | null; with_check: string | null;
  }>(
    `SELECT c.relname AS table, p.polname AS name, p.polcmd AS command, p.polpermissive AS permissive,
       ARRAY(SELECT CASE WHEN r = 0 THEN 'public' ELSE pg_get_userbyid(r)::text END FROM unnest(p.polroles) AS r) AS roles,
       pg_get_expr(p.polqual, p.polrelid) AS using, pg_get_expr(p.polwithcheck, p.polrelid) AS with_check
     FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' ORDER BY c.relname, p.polname`,
  );
  const definers = await db.query<{ signature: string }>(
    `SELECT format('%s.%s(%s)', quote_ident(n.nspname), quote_ident(p.proname), oidvectortypes(p.proargtypes)) AS signature
     FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE p.prosecdef AND ${USER_SCHEMAS}
       AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
     ORDER BY 1`,
  );
  const role = await db.query<{ name: string; superuser: boolean; bypass_rls: boolean; owned: string[]; powerful: string[] }>(
    `SELECT r.rolname AS name, r.rolsuper AS superuser, r.rolbypassrls AS bypass_rls,
       ARRAY(SELECT format('%s.%s', quote_ident(n.nspname), quote_ident(c.relname))
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relowner = r.oid ORDER BY 1) AS owned,
       ARRAY(SELECT o.rolname::text FROM pg_roles o
             WHERE o.oid <> r.oid AND pg_has_role(r.oid, o.oid, 'MEMBER')
               AND (o.rolsuper OR o.rolbypassrls OR EXISTS (SELECT 1 FROM pg_class c WHERE c.relowner = o.oid))
             ORDER BY 1) AS powerful
     FROM pg_roles r WHERE r.rolname = $1`,
    [runtimeRole],
  );
  const runtime = role.rows[0];
  return {
    relations: relations.rows.map((row) => ({
      schema: row.schema,
      name: row.name,
      kind: KINDS[row.kind],
      hasTenantId: row.has_tenant_id,
      rlsEnabled: row.rls_enabled,
      rlsForced: row.rls_forced,
      options: row.options ?? [],
      runtimeCanRead: row.can_read,
      runtimeCanWrite: row.can_write,
    })),
    policies: policies.rows.map((row) => ({
      table: row.table,
      name: row.name,
      command: COMMANDS[row.command],
      permissive: row.permissive,
      roles: row.roles,
      using: row.using,
      withCheck: row.with_check,
    })),
    securityDefinerFunctions: definers.rows.map((row) => row.signature),
    runtimeRole: runtime
      ? { name: runtime.name, superuser: runtime.superuser, bypassRls: runtime.bypass_rls, ownedRelations: runtime.owned, powerfulRoles: runtime.powerful }
      : null,
  };
}

/** Reads the catalog over one short-lived connection (the owner URL: it sees every object). */
export async function readBusinessCatalogAt(ownerUrl: string, runtimeRole: string): Promise<BusinessCatalog> {
  const client = new pg.Client({ connectionString: ownerUrl, application_name: 'bsns-check' });
  await client.connect();
  try {
    return await readBusinessCatalog({ query: (text, values) => client.query(text, values as unknown[] | undefined) }, runtimeRole);
  } finally {
    await client.end();
  }
}

/** The role a connection URL logs in as: the runtime role is whoever `BUSINESS_DATABASE_URL` names. */
export function roleOfUrl(url: string): string {
  return decodeURIComponent(new URL(url).username);
}
