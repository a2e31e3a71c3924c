/**
 * Every sealed column of the records app, for key rotation and crypto-shredding: each value is
 * TenantVault ciphertext whose AAD is `{ table, column, rowId: <row id> }` in the row's tenant.
 * A job that re-encrypts a tenant's data reads this list; a new sealed column must be added here.
 */
export const SEALED_RECORD_COLUMNS = [
  { table: 'records', column: 'dob_sealed', idColumn: 'id' },
  { table: 'records', column: 'ssn_sealed', idColumn: 'id' },
  { table: 'records', column: 'licence_sealed', idColumn: 'id' },
  { table: 'records', column: 'ein_sealed', idColumn: 'id' },
  { table: 'records', column: 'tax_id_sealed', idColumn: 'id' },
] as const;
