import type { Readable } from 'node:stream';
import { AppError } from '../../../platform/errors/index.js';
import { currentTenantTransaction } from '../../../platform/tenancy/index.js';
import type { CreateRecordInput } from '../customers/create-record.js';
import type { RecordKind } from '../customers/records.types.js';
import type { RecordsDeps } from '../records-deps.js';
import { enforceRecordsQuota } from '../records-quotas.js';
import { csvRows, unreadable } from './csv-source.js';
import { guessField, rowSchemas, type ImportField } from './import-fields.js';
import { IMPORT_BATCH_SIZE, insertImportedBatch } from './insert-batch.js';
import { IMPORT_ANSWER_BOUNDS, type ImportIssue, type ImportResult } from './imports.types.js';

export interface ImportOptions {
  readonly kind: RecordKind;
  /** Target field per column; from the header when absent. */
  readonly columns?: ReadonlyArray<ImportField | ''>;
  /** `all`: any bad row stores nothing. `valid`: the good rows are stored, the bad ones reported. */
  readonly mode: 'all' | 'valid';
  readonly actorId: string;
}

/**
 * Imports people or companies from a CSV stream in the current tenant transaction, each row
 * validated by the same schema as the API's create and stored in batches as the file streams. In `all` mode a bad row makes the whole
 * import fail with `record.import_rejected` and its report (the transaction rolls back, so nothing
 * partial is stored); the caller records the rejection afterwards.
 *
 * Quotas: a file past `installation.import_rows` is refused while it streams, and an import that
 * would take the tenant past `tenant.records` is refused whole, checked under the quota's lock
 * after the last batch and before the commit (both `quota.exceeded`; nothing is stored).
 */
export async function importCsv({ vault, quotas }: Pick<RecordsDeps, 'vault' | 'quotas'>, source: Readable, options: ImportOptions): Promise<ImportResult> {
  const schema = rowSchemas[options.kind];
  let columns: ReadonlyArray<ImportField | ''> | undefined;
  let rowsRead = 0;
  let rowsImported = 0;
  let rowsRejected = 0;
  const issues: ImportIssue[] = [];
  let line = 0;
  let batch: CreateRecordInput[] = [];
  try {
    for await (const cells of csvRows(source) as AsyncIterable<string[]>) {
      line += 1;
      if (!columns) {
        columns = options.columns ?? cells.map((header) => guessField(header) ?? '');
        if (!columns.includes('name')) throw new AppError('record.import_unreadable', 'No column is mapped to Name.');
        continue;
      }
      rowsRead += 1;
      quotas.assertWithin('installation.import_rows', rowsRead);
      const candidate: Record<string, string> = {};
      columns.forEach((field, index) => {
        const value = cells[index];
        if (field && value) candidate[field] = value;
      });
      const parsed = schema.safeParse(candidate);
      if (!parsed.success) {
        rowsRejected += 1;
        if (issues.length < IMPORT_ANSWER_BOUNDS.issues) issues.push({ row: line, messages: parsed.error.issues.slice(0, IMPORT_ANSWER_BOUNDS.messagesPerIssue).map((issue) => `${issue.path.join('.') || 'row'}: ${issue.message}`) });
        continue;
      }
      // In all-or-nothing mode there is no point storing rows after the first bad one.
      if (options.mode === 'all' && rowsRejected > 0) continue;
      batch.push({ ...parsed.data, kind: options.kind } as CreateRecordInput);
      rowsImported += 1;
      if (batch.length >= IMPORT_BATCH_SIZE) {
        await insertImportedBatch(vault, batch, options.actorId);
        batch = [];
      }
    }
    if (options.mode === 'valid' || rowsRejected === 0) {
      await insertImportedBatch(vault, batch, options.actorId);
      // Counted once, at the end: locking at the first batch would stall every create of the tenant for the whole upload.
      if (rowsImported > 0) await enforceRecordsQuota(quotas, 'tenant.records', { adding: rowsImported, alreadyInserted: true });
    }
  } catch (error) {
    throw unreadable(error);
  }
  if (!columns) throw new AppError('record.import_unreadable', 'The file is empty.');
  const status = rowsRejected > 0 && options.mode === 'all' ? 'rejected' : 'imported';
  const result = { status, rowsRead, rowsImported: status === 'rejected' ? 0 : rowsImported, rowsRejected, issues } as const;
  if (status === 'rejected') throw new AppError('record.import_rejected', undefined, { report: result });
  return { id: await saveImport(options, result), ...result };
}

/** Keeps the outcome of an import (counts and the per-row report, never cell values) for the import page. */
export async function saveImport(options: Pick<ImportOptions, 'kind' | 'actorId'>, result: Omit<ImportResult, 'id'>): Promise<string> {
  const tx = currentTenantTransaction();
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO record_imports (tenant_id, kind, status, rows_read, rows_imported, rows_rejected, report, created_by, finished_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now()) RETURNING id`,
    [tx.tenantId, options.kind, result.status, result.rowsRead, result.rowsImported, result.rowsRejected, JSON.stringify(result.issues), options.actorId],
  );
  return rows[0]!.id;
}
