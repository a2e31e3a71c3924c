/**
 * A column that holds values sealed by the TenantVault, declared by the app that owns it so a
 * data-key rotation can find every ciphertext of a tenant. The vault ref of a value in it is
 * `{ table, column, rowId: String(row[idColumn]) }`: seal and open with exactly that ref.
 */
export interface SealedColumn {
  readonly table: string;
  readonly column: string;
  readonly idColumn: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Validates an app's declarations (they are interpolated as identifiers by the rotation). */
export function defineSealedColumns(columns: readonly SealedColumn[]): readonly SealedColumn[] {
  for (const column of columns) {
    for (const name of [column.table, column.column, column.idColumn]) {
      if (!IDENTIFIER.test(name)) throw new Error(`Sealed column ${column.table}.${column.column}: "${name}" is not a plain lower-case identifier`);
    }
  }
  return Object.freeze([...columns]);
}
