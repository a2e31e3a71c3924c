import type { ErrorCode } from '../errors/index.js';

/**
 * PostgreSQL's SQLSTATE class 22 ("data exception"): the value itself cannot be stored or
 * compared, e.g. 22021 (a byte sequence invalid in UTF-8) or 22P05 (a NUL in text). The
 * safe-text schemas refuse such values first; this keeps a value that slips past them a 400
 * instead of a 500 that also tells an attacker which branch of the code touched the database.
 */
const DATA_EXCEPTION = /^22[0-9A-Z]{3}$/;

/** The catalogued code for an error the database raised because of the input, or null. */
export function databaseInputErrorCode(error: unknown): ErrorCode | null {
  if (typeof error !== 'object' || error === null) return null;
  const { code, severity, constraint } = error as { code?: unknown; severity?: unknown; constraint?: unknown };
  // `severity` tells a PostgreSQL error (pg's DatabaseError) from a Node error with a `code`.
  if (typeof code !== 'string' || typeof severity !== 'string') return null;
  // A write for a tenant the business database has no row of yet (never mirrored from identity):
  // every tenant-keyed table references tenants (tenant_id), so the class is caught here at once.
  if (code === '23503' && typeof constraint === 'string' && constraint.endsWith('_tenant_id_fkey')) return 'tenant.not_provisioned';
  return DATA_EXCEPTION.test(code) ? 'request.invalid' : null;
}
