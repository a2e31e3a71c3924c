import type { IdentityDb } from '../platform/db/index.js';
import { needsReencryption, resealField, type Keyring } from '../platform/crypto/index.js';

/** Every identity column sealed with the master key, and the row key bound into its AAD. */
export const SEALED_IDENTITY_COLUMNS = [
  { table: 'totp_factors', column: 'secret_encrypted', idColumn: 'id' },
  { table: 'signing_keys', column: 'private_jwk_sealed', idColumn: 'kid' },
  { table: 'platform_audit_keys', column: 'private_key_sealed', idColumn: 'kid' },
] as const;

export interface ResealReport {
  readonly table: string;
  readonly column: string;
  readonly resealed: number;
  readonly total: number;
}

/**
 * Re-seals every value not yet under the active master key (step 3 of the key-rotation runbook).
 * Each row is updated only if unchanged since it was read, so a concurrent write is never lost.
 */
export async function resealIdentityColumns(db: IdentityDb, keyring: Keyring, onProgress?: (report: ResealReport) => void): Promise<ResealReport[]> {
  const reports: ResealReport[] = [];
  for (const { table, column, idColumn } of SEALED_IDENTITY_COLUMNS) {
    const { rows } = await db.query<{ id: string; sealed: string }>(`SELECT ${idColumn}::text AS id, ${column} AS sealed FROM ${table}`);
    let resealed = 0;
    for (const row of rows) {
      if (!needsReencryption(keyring, row.sealed)) continue;
      const fresh = resealField(keyring, row.sealed, { tenantId: null, table, column, rowId: row.id });
      const result = await db.query(`UPDATE ${table} SET ${column} = $1 WHERE ${idColumn}::text = $2 AND ${column} = $3`, [fresh, row.id, row.sealed]);
      resealed += result.rowCount ?? 0;
    }
    const report = { table, column, resealed, total: rows.length };
    onProgress?.(report);
    reports.push(report);
  }
  return reports;
}
