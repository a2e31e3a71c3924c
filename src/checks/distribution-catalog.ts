import pg from 'pg';

/** A table of schema public, with the keys that decide whether it can be sharded by tenant. */
export interface KeyedTable {
  readonly name: string;
  /** Column name → whether it is NOT NULL. */
  readonly columns: ReadonlyMap<string, { readonly notNull: boolean; readonly type: string }>;
  readonly primaryKey: readonly string[] | null;
  /** Unique indexes, constraint-backed or not (a primary key is one too); `null` columns mean an expression. */
  readonly uniqueIndexes: readonly { readonly name: string; readonly columns: readonly (string | null)[] }[];
  readonly foreignKeys: readonly { readonly name: string; readonly columns: readonly string[]; readonly references: string; readonly referencedColumns: readonly string[] }[];
}

/** Reads every ordinary or partitioned table of schema public with its keys (extension objects excluded). */
export async function readKeyedTables(ownerUrl: string): Promise<KeyedTable[]> {
  const client = new pg.Client({ connectionString: ownerUrl, application_name: 'bsns-check' });
  await client.connect();
  try {
    const { rows } = await client.query<{
      name: string;
      columns: { name: string; not_null: boolean; type: string }[];
      primary_key: string[] | null;
      unique_indexes: { name: string; columns: (string | null)[] }[];
      foreign_keys: { name: string; columns: string[]; references: string; referenced_columns: string[] }[];
    }>(`
      SELECT c.relname AS name,
        (SELECT json_agg(json_build_object('name', a.attname, 'not_null', a.attnotnull, 'type', format_type(a.atttypid, a.atttypmod)) ORDER BY a.attnum)
           FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS columns,
        (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM pg_constraint p
           CROSS JOIN LATERAL unnest(p.conkey) WITH ORDINALITY AS k(attnum, ord)
           JOIN pg_attribute a ON a.attrelid = p.conrelid AND a.attnum = k.attnum
           WHERE p.conrelid = c.oid AND p.contype = 'p') AS primary_key,
        coalesce((SELECT json_agg(json_build_object('name', i.relname, 'columns',
             (SELECT json_agg(a.attname ORDER BY k.ord) FROM unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord)
                LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum AND k.attnum > 0)) ORDER BY i.relname)
           FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = c.oid AND x.indisunique), '[]') AS unique_indexes,
        coalesce((SELECT json_agg(json_build_object('name', f.conname, 'references', r.relname,
             'columns', (SELECT json_agg(a.attname ORDER BY k.ord) FROM unnest(f.conkey) WITH ORDINALITY AS k(attnum, ord)
                JOIN pg_attribute a ON a.attrelid = f.conrelid AND a.attnum = k.attnum),
             'referenced_columns', (SELECT json_agg(a.attname ORDER BY k.ord) FROM unnest(f.confkey) WITH ORDINALITY AS k(attnum, ord)
                JOIN pg_attribute a ON a.attrelid = f.confrelid AND a.attnum = k.attnum)) ORDER BY f.conname)
           FROM pg_constraint f JOIN pg_class r ON r.oid = f.confrelid WHERE f.conrelid = c.oid AND f.contype = 'f'), '[]') AS foreign_keys
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
      ORDER BY c.relname`);
    return rows.map((row) => ({
      name: row.name,
      columns: new Map(row.columns.map((column) => [column.name, { notNull: column.not_null, type: column.type }])),
      primaryKey: row.primary_key,
      uniqueIndexes: row.unique_indexes,
      foreignKeys: row.foreign_keys.map((key) => ({ name: key.name, columns: key.columns, references: key.references, referencedColumns: key.referenced_columns })),
    }));
  } finally {
    await client.end();
  }
}
