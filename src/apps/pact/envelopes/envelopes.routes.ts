import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../../platform/errors/index.js';
import { requireTenant } from '../../../platform/http/index.js';
import { answerIdempotently } from '../../../platform/outbox/index.js';
import type { PactDeps } from '../pact-deps.js';
import { PACT_READ, PACT_WRITE } from '../pact-postures.js';
import { addDocument, addSigner, createEnvelope, removeDocument, removeSigner, replaceFields } from './draft-envelope.js';
import { documentRows, findEnvelopeRow } from './envelope-rows.js';
import { sendEnvelope, voidEnvelope } from './envelope-lifecycle.js';
import {
  addSignerBodySchema,
  createEnvelopeBodySchema,
  documentParamsSchema,
  documentQuerySchema,
  documentSchema,
  envelopeIdParamsSchema,
  envelopePageSchema,
  envelopeSchema,
  listEnvelopesQuerySchema,
  putFieldsBodySchema,
  signerParamsSchema,
  signerSchema,
  voidBodySchema,
} from './envelopes.types.js';
import { listEnvelopes, readEnvelope } from './read-envelope.js';
import { copyEnvelope } from './templates.js';

const actorOf = (request: FastifyRequest) => request.principal!.onBehalfOf ?? request.principal!.subject;
const kindQuerySchema = z.strictObject({ kind: z.enum(['envelope', 'template']).default('envelope') });
const copyBodySchema = z.object({ title: envelopeSchema.shape.title.optional() }).strict();

/** The sender's API: drafts, their documents, signers and fields, sending, voiding, templates, the final PDF. */
export function registerEnvelopeRoutes(app: FastifyInstance, deps: PactDeps): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const idempotent = { businessDb: deps.businessDb, vault: deps.vault };
  const inTenant = <T>(request: FastifyRequest, work: () => Promise<T>, readOnly = false) => deps.businessDb.withTenant(requireTenant(request), work, { readOnly });

  routes.get('/api/v1/pact/envelopes', {
    config: { ...PACT_READ, errorCodes: ['auth.tenant_required', 'page.invalid_cursor'] },
    schema: { summary: 'List envelopes or templates, newest first (keyset pages)', tags: ['pact'], querystring: listEnvelopesQuerySchema, response: { 200: envelopePageSchema } },
    handler: async (request) => inTenant(request, () => listEnvelopes(request.query), true),
  });

  routes.post('/api/v1/pact/envelopes', {
    config: { ...PACT_WRITE, idempotentCreate: true },
    schema: { summary: 'Create a draft envelope (or a template with ?kind=template)', tags: ['pact'], querystring: kindQuerySchema, body: createEnvelopeBodySchema, response: { 201: envelopeSchema } },
    handler: async (request, reply) =>
      answerIdempotently(idempotent, request, reply, { status: 201 }, async () => readEnvelope((await createEnvelope(request.body, actorOf(request), request.query.kind)).id, request.query.kind)),
  });

  routes.get('/api/v1/pact/envelopes/:id', {
    config: { ...PACT_READ, errorCodes: ['pact.envelope_not_found'] },
    schema: { summary: 'Read an envelope with its documents, signers, fields and chain entries', tags: ['pact'], params: envelopeIdParamsSchema, querystring: kindQuerySchema, response: { 200: envelopeSchema } },
    handler: async (request) => inTenant(request, () => readEnvelope(request.params.id, request.query.kind), true),
  });

  // The upload is the PDF itself (application/pdf), bounded here and judged by inspectPdf.
  void app.register(async (scope) => {
    scope.addContentTypeParser('application/pdf', { parseAs: 'buffer', bodyLimit: deps.limits.maxBytes }, (_request, body, done) => done(null, body));
    scope.withTypeProvider<ZodTypeProvider>().post('/api/v1/pact/envelopes/:id/documents', {
      config: { ...PACT_WRITE, idempotentCreate: true, errorCodes: ['pact.envelope_not_found', 'pact.envelope_not_draft', 'pact.document_not_pdf', 'pact.document_encrypted', 'pact.document_corrupt', 'pact.document_too_large', 'pact.document_too_many_pages', 'pact.too_many_documents'] },
      bodyLimit: deps.limits.maxBytes,
      schema: { summary: 'Add a PDF to a draft (the body is the file, application/pdf)', tags: ['pact'], params: envelopeIdParamsSchema, querystring: documentQuerySchema.extend(kindQuerySchema.shape), response: { 201: documentSchema } },
      handler: async (request, reply) => {
        if (!Buffer.isBuffer(request.body)) throw new AppError('pact.document_not_pdf', 'Send the file itself with Content-Type: application/pdf.');
        const bytes = request.body;
        return answerIdempotently(idempotent, request, reply, { status: 201 }, () => addDocument(deps, request.params.id, request.query.name, bytes, request.query.kind));
      },
    });
  });

  routes.delete('/api/v1/pact/envelopes/:id/documents/:documentId', {
    config: { ...PACT_WRITE, errorCodes: ['pact.envelope_not_found', 'pact.envelope_not_draft', 'pact.document_not_found'] },
    schema: { summary: 'Remove a document from a draft', tags: ['pact'], params: documentParamsSchema, querystring: kindQuerySchema, response: { 204: z.null() } },
    handler: async (request, reply) => {
      await inTenant(request, () => removeDocument(deps, request.params.id, request.params.documentId, request.query.kind));
      return reply.status(204).send(null);
    },
  });

  routes.get('/api/v1/pact/envelopes/:id/documents/:documentId/file', {
    config: { ...PACT_READ, errorCodes: ['pact.envelope_not_found', 'pact.document_not_found', 'blob.unavailable'] },
    schema: { summary: 'Download an original document (application/pdf)', tags: ['pact'], params: documentParamsSchema, querystring: kindQuerySchema },
    handler: async (request, reply) => {
      const bytes = await inTenant(request, async () => {
        await findEnvelopeRow(request.params.id, { kind: request.query.kind });
        const document = (await documentRows(request.params.id)).find((row) => row.id === request.params.documentId);
        if (!document) throw new AppError('pact.document_not_found');
        return deps.blobs.get(document.blob_key);
      }, true);
      return reply.type('application/pdf').header('cache-control', 'private, no-store').header('content-disposition', 'inline').send(bytes);
    },
  });

  routes.post('/api/v1/pact/envelopes/:id/signers', {
    config: { ...PACT_WRITE, idempotentCreate: true, errorCodes: ['pact.envelope_not_found', 'pact.envelope_not_draft', 'pact.signer_email_taken', 'pact.too_many_signers'] },
    schema: { summary: 'Add a signer to a draft', tags: ['pact'], params: envelopeIdParamsSchema, querystring: kindQuerySchema, body: addSignerBodySchema, response: { 201: signerSchema } },
    handler: async (request, reply) => answerIdempotently(idempotent, request, reply, { status: 201 }, () => addSigner(request.params.id, request.body, request.query.kind)),
  });

  routes.delete('/api/v1/pact/envelopes/:id/signers/:signerId', {
    config: { ...PACT_WRITE, errorCodes: ['pact.envelope_not_found', 'pact.envelope_not_draft', 'pact.signer_not_found'] },
    schema: { summary: 'Remove a signer (and their fields) from a draft', tags: ['pact'], params: signerParamsSchema, querystring: kindQuerySchema, response: { 204: z.null() } },
    handler: async (request, reply) => {
      await inTenant(request, () => removeSigner(request.params.id, request.params.signerId, request.query.kind));
      return reply.status(204).send(null);
    },
  });

  routes.put('/api/v1/pact/envelopes/:id/fields', {
    config: { ...PACT_WRITE, errorCodes: ['pact.envelope_not_found', 'pact.envelope_not_draft', 'pact.field_off_page', 'pact.field_invalid'] },
    bodyLimit: 256 * 1024,
    schema: { summary: "Replace a draft's field layout (all or nothing)", tags: ['pact'], params: envelopeIdParamsSchema, querystring: kindQuerySchema, body: putFieldsBodySchema, response: { 200: envelopeSchema } },
    handler: async (request) =>
      inTenant(request, async () => {
        await replaceFields(request.params.id, request.body.fields, request.query.kind);
        return readEnvelope(request.params.id, request.query.kind);
      }),
  });

  routes.post('/api/v1/pact/envelopes/:id/send', {
    config: { ...PACT_WRITE, errorCodes: ['pact.envelope_not_found', 'pact.envelope_not_draft', 'pact.envelope_incomplete'] },
    schema: { summary: 'Send a draft: the first signers (or all, in parallel) get their links', tags: ['pact'], params: envelopeIdParamsSchema, response: { 200: envelopeSchema } },
    handler: async (request) =>
      inTenant(request, async () => {
        await sendEnvelope(deps, request.params.id);
        return readEnvelope(request.params.id);
      }),
  });

  routes.post('/api/v1/pact/envelopes/:id/void', {
    config: { ...PACT_WRITE, errorCodes: ['pact.envelope_not_found', 'pact.envelope_not_open'] },
    schema: { summary: 'Void an envelope out for signing, with a reason', tags: ['pact'], params: envelopeIdParamsSchema, body: voidBodySchema, response: { 200: envelopeSchema } },
    handler: async (request) =>
      inTenant(request, async () => {
        await voidEnvelope(deps, request.params.id, request.body.reason);
        return readEnvelope(request.params.id);
      }),
  });

  routes.get('/api/v1/pact/envelopes/:id/completed.pdf', {
    config: { ...PACT_READ, errorCodes: ['pact.envelope_not_found', 'pact.not_completed', 'blob.unavailable'] },
    schema: { summary: 'Download the completed, signed PDF', tags: ['pact'], params: envelopeIdParamsSchema },
    handler: async (request, reply) => {
      const [title, bytes] = await inTenant(request, async () => {
        const envelope = await findEnvelopeRow(request.params.id);
        if (envelope.status !== 'completed' || !envelope.final_blob_key) throw new AppError('pact.not_completed');
        return [envelope.title, await deps.blobs.get(envelope.final_blob_key)] as const;
      }, true);
      const filename = `${title.replace(/[^\w .-]+/g, '_').slice(0, 80) || 'document'} (signed).pdf`;
      return reply.type('application/pdf').header('cache-control', 'private, no-store').header('content-disposition', `attachment; filename="${filename}"`).send(bytes);
    },
  });

  routes.post('/api/v1/pact/envelopes/:id/template', {
    config: { ...PACT_WRITE, idempotentCreate: true, errorCodes: ['pact.envelope_not_found'] },
    schema: { summary: 'Save an envelope as a template (documents, signers, fields)', tags: ['pact'], params: envelopeIdParamsSchema, body: copyBodySchema, response: { 201: envelopeSchema } },
    handler: async (request, reply) =>
      answerIdempotently(idempotent, request, reply, { status: 201 }, async () => readEnvelope((await copyEnvelope(deps, request.params.id, 'envelope', 'template', actorOf(request), request.body.title)).id, 'template')),
  });

  routes.post('/api/v1/pact/templates/:id/envelopes', {
    config: { ...PACT_WRITE, idempotentCreate: true, errorCodes: ['pact.template_not_found'] },
    schema: { summary: 'Start a draft envelope from a template', tags: ['pact'], params: envelopeIdParamsSchema, body: copyBodySchema, response: { 201: envelopeSchema } },
    handler: async (request, reply) =>
      answerIdempotently(idempotent, request, reply, { status: 201 }, async () => readEnvelope((await copyEnvelope(deps, request.params.id, 'template', 'envelope', actorOf(request), request.body.title)).id)),
  });
}
