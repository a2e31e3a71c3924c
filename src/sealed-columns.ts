import { SEALED_PACT_COLUMNS } from './apps/pact/sealed-columns.js';
import { SEALED_RECORD_COLUMNS } from './apps/records/sealed-columns.js';
import { defineSealedColumns, type SealedColumn } from './platform/crypto/index.js';

/**
 * Every column of the business database that holds TenantVault ciphertext, from every app and
 * the platform. A data-key rotation re-seals exactly these (`bsns keys rotate-tenant-key`); a
 * sealed column missing here would stay under the old key and become unreadable when it is
 * destroyed. Apps add their declarations (e.g. records: records.ssn_sealed) to this list;
 * `sealed-columns.test.ts` fails when a `*_sealed` column of the business schema is missing here.
 */
export const SUITE_SEALED_COLUMNS: readonly SealedColumn[] = defineSealedColumns([
  { table: 'webhook_endpoints', column: 'secret_sealed', idColumn: 'id' },
  ...SEALED_RECORD_COLUMNS,
  ...SEALED_PACT_COLUMNS,
]);
