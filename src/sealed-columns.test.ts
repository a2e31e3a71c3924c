/**
 * A data-key rotation re-seals exactly the columns of `SUITE_SEALED_COLUMNS`; a sealed column
 * left out stays under the old key, which the rotation then destroys: its values are lost. By
 * convention every column holding TenantVault ciphertext is named `*_sealed` (migrations say so
 * at each one), so the business schema itself is the list to compare with.
 */
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { SUITE_SEALED_COLUMNS } from './sealed-columns.js';

async function businessSchema<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: inject('testDatabases').urls.businessOwner });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('the sealed-columns registry', () => {
  it('lists every *_sealed column of the business schema, and nothing that is not one', async () => {
    const columns = await businessSchema<{ name: string }>(
      `SELECT table_name || '.' || column_name AS name FROM information_schema.columns
       WHERE table_schema = 'public' AND column_name LIKE '%\\_sealed' ESCAPE '\\'
         AND table_name IN (SELECT tablename FROM pg_tables WHERE schemaname = 'public')`,
    );
    expect(columns.length).toBeGreaterThan(0);
    const registered = SUITE_SEALED_COLUMNS.map((sealed) => `${sealed.table}.${sealed.column}`);
    expect(new Set(registered).size).toBe(registered.length);
    expect([...registered].sort()).toEqual(columns.map((column) => column.name).sort());
  });

  it('names, for each, an id column that is part of the primary key of a tenant table (the rotation walks it under RLS)', async () => {
    const keys = await businessSchema<{ table_name: string; column_name: string }>(
      `SELECT k.table_name, k.column_name FROM information_schema.table_constraints c
       JOIN information_schema.key_column_usage k ON k.constraint_name = c.constraint_name AND k.table_schema = c.table_schema
       WHERE c.table_schema = 'public' AND c.constraint_type = 'PRIMARY KEY'`,
    );
    const keyColumns = (table: string) => keys.filter((key) => key.table_name === table).map((key) => key.column_name);
    for (const { table, idColumn } of SUITE_SEALED_COLUMNS) {
      expect(keyColumns(table), table).toEqual(expect.arrayContaining(['tenant_id', idColumn]));
    }
  });
});
