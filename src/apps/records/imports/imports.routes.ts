import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { RECORDS_CREATE, RECORDS_READ, RECORDS_WRITE } from '../records-postures.js';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../../platform/errors/index.js';
import { requireTenant } from '../../../platform/http/index.js';
import { answerIdempotently, fingerprintStream } from '../../../platform/outbox/index.js';
import { actorOf } from '../request-actor.js';
import type { RecordsDeps } from '../records-deps.js';
import { IMPORT_MAX_BYTES } from './csv-source.js';
import { exportCsv } from './export-csv.js';
import { importCsv, saveImport } from './import-csv.js';
import { exportQuerySchema, importQuerySchema, importResultSchema, previewBodySchema, previewSchema, type ImportResult } from './imports.types.js';
import { previewCsv } from './preview-csv.js';

/** CSV import (streamed `text/csv` upload), its preview, and CSV export. */
export function registerImportRoutes(app: FastifyInstance, deps: RecordsDeps): void {

  app.withTypeProvider<ZodTypeProvider>().post('/api/v1/records/imports/preview', {
    config: RECORDS_WRITE,
    schema: { summary: "Preview a CSV file's first rows and a suggested column mapping", tags: ['records'], body: previewBodySchema, response: { 200: previewSchema } },
    handler: async (request) => {
      requireTenant(request);
      return previewCsv(request.body.sample);
    },
  });

  app.withTypeProvider<ZodTypeProvider>().get('/api/v1/records/export', {
    config: RECORDS_READ,
    schema: { summary: 'Export people or companies as CSV (no sensitive fields; formula cells escaped)', tags: ['records'], querystring: exportQuerySchema },
    handler: async (request, reply) => {
      const lines: string[] = [];
      await deps.businessDb.withTenant(requireTenant(request), async () => {
        for await (const line of exportCsv(request.query.kind)) lines.push(line);
      });
      const filename = request.query.kind === 'person' ? 'people.csv' : 'companies.csv';
      return reply.header('content-disposition', `attachment; filename="${filename}"`).header('cache-control', 'no-store').type('text/csv; charset=utf-8').send(lines.join(''));
    },
  });

  // The upload is the raw request stream: only this scope accepts text/csv, and it is read row by row.
  void app.register(async (scope) => {
    scope.addContentTypeParser('text/csv', (_request, payload, done) => done(null, payload));
    scope.withTypeProvider<ZodTypeProvider>().post('/api/v1/records/imports', {
      config: { ...RECORDS_CREATE, idempotentCreate: true },
      bodyLimit: IMPORT_MAX_BYTES,
      schema: {
        summary: 'Import people or companies from a CSV upload (text/csv, streamed)',
        description: 'All or nothing by default: a file with an invalid row stores nothing (422 with the per-row report). `mode=valid` stores the valid rows and reports the others.',
        tags: ['records'],
        querystring: importQuerySchema,
        response: { 201: importResultSchema },
      },
      handler: async (request, reply) => {
        const tenantId = requireTenant(request);
        // JSON (or nothing) also parses on this route; only the raw text/csv stream is a file.
        if (!(request.body instanceof Readable)) throw new AppError('request.unsupported_media_type', 'Send the file as text/csv.');
        const declared = Number(request.headers['content-length'] ?? 0);
        if (declared > IMPORT_MAX_BYTES) throw new AppError('record.import_too_large');
        const options = { kind: request.query.kind, columns: request.query.columns, mode: request.query.mode, actorId: actorOf(request) };
        // The same key with the same file answers the first import; the file is hashed as it streams.
        const upload = fingerprintStream(request, request.body, { maxBytes: IMPORT_MAX_BYTES, tooLarge: () => new AppError('record.import_too_large') });
        try {
          return await answerIdempotently(deps, request, reply, { status: 201, fingerprint: upload.fingerprint }, () => importCsv(deps, upload.stream, options));
        } catch (error) {
          if (!(error instanceof AppError && error.code === 'record.import_rejected')) throw error;
          // The import rolled back; its report is kept in a transaction of its own.
          const report = error.details!.report as Omit<ImportResult, 'id'>;
          const id = await deps.businessDb.withTenant(tenantId, () => saveImport(options, report));
          throw new AppError('record.import_rejected', undefined, { report: { id, ...report } });
        }
      },
    });
  });
}
