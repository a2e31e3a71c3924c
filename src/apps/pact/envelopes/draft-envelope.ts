import { randomUUID } from 'node:crypto';
import { AppError } from '../../../platform/errors/index.js';
import { currentTenantTransaction } from '../../../platform/tenancy/index.js';
import { appendPactChainEntry } from '../chain/index.js';
import type { PactDeps } from '../pact-deps.js';
import { inspectPdf } from '../pdf/index.js';
import { documentRows, findDraftRow, signerRows, toDocument, toSigner, type DocumentRow, type EnvelopeRow, type SignerRow } from './envelope-rows.js';
import type { AddSignerInput, CreateEnvelopeInput, PactDocument, PactSigner, PlacedFieldInput } from './envelopes.types.js';

const MAX_DOCUMENTS = 20;
const MAX_SIGNERS = 50;

/** A new draft envelope; its creation is the first entry of its history in the tenant's chain. */
export async function createEnvelope(input: CreateEnvelopeInput, actorId: string, kind: 'envelope' | 'template' = 'envelope'): Promise<EnvelopeRow> {
  const tx = currentTenantTransaction();
  const { rows } = await tx.query<EnvelopeRow>(
    `INSERT INTO pact_envelopes (tenant_id, kind, title, message, signing_order, require_code, expires_in_days, remind_every_days, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
    [tx.tenantId, kind, input.title, input.message, input.signingOrder, input.requireCode, input.expiresInDays, input.remindEveryDays, actorId],
  );
  const envelope = rows[0]!;
  if (kind === 'envelope') await appendPactChainEntry({ type: 'created', envelopeId: envelope.id, payload: { envelopeId: envelope.id } });
  return envelope;
}

/**
 * Adds a PDF to a draft. It is checked to be a real, unencrypted PDF within the limits before
 * anything is stored; the blob is sealed with the tenant's key, and the row names it.
 */
export async function addDocument(deps: Pick<PactDeps, 'blobs' | 'limits'>, envelopeId: string, name: string, bytes: Buffer, kind: 'envelope' | 'template' = 'envelope'): Promise<PactDocument> {
  await findDraftRow(envelopeId, kind);
  const facts = await inspectPdf(bytes, deps.limits);
  const tx = currentTenantTransaction();
  const existing = await documentRows(envelopeId);
  if (existing.length >= MAX_DOCUMENTS) throw new AppError('pact.too_many_documents');
  const id = randomUUID();
  const blobKey = `pact/${envelopeId}/${id}.pdf`;
  await deps.blobs.put(blobKey, bytes);
  const position = Math.max(0, ...existing.map((row) => row.position)) + 1;
  const { rows } = await tx.query<DocumentRow>(
    `INSERT INTO pact_documents (tenant_id, id, envelope_id, position, name, blob_key, sha256, size_bytes, pages)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
    [tx.tenantId, id, envelopeId, position, name, blobKey, facts.sha256, bytes.length, JSON.stringify(facts.pages.map(({ width, height }) => ({ width, height })))],
  );
  return toDocument(rows[0]!);
}

export async function removeDocument(deps: Pick<PactDeps, 'blobs'>, envelopeId: string, documentId: string, kind: 'envelope' | 'template' = 'envelope'): Promise<void> {
  await findDraftRow(envelopeId, kind);
  const { rows } = await currentTenantTransaction().query<{ blob_key: string }>('DELETE FROM pact_documents WHERE envelope_id = $1 AND id = $2 RETURNING blob_key', [envelopeId, documentId]);
  if (!rows[0]) throw new AppError('pact.document_not_found');
  await deps.blobs.delete(rows[0].blob_key);
}

/** Adds a signer at the end of the order, or at the position given (equal positions sign in parallel). */
export async function addSigner(envelopeId: string, input: AddSignerInput, kind: 'envelope' | 'template' = 'envelope'): Promise<PactSigner> {
  await findDraftRow(envelopeId, kind);
  const tx = currentTenantTransaction();
  const existing = await signerRows(envelopeId);
  if (existing.length >= MAX_SIGNERS) throw new AppError('pact.too_many_signers');
  if (existing.some((signer) => signer.email.toLowerCase() === input.email.toLowerCase())) throw new AppError('pact.signer_email_taken');
  const position = input.position ?? Math.min(MAX_SIGNERS, Math.max(0, ...existing.map((row) => row.position)) + 1);
  const { rows } = await tx.query<SignerRow>('INSERT INTO pact_signers (tenant_id, envelope_id, position, name, email) VALUES ($1, $2, $3, $4, $5) RETURNING *', [
    tx.tenantId,
    envelopeId,
    position,
    input.name,
    input.email,
  ]);
  return toSigner(rows[0]!);
}

export async function removeSigner(envelopeId: string, signerId: string, kind: 'envelope' | 'template' = 'envelope'): Promise<void> {
  await findDraftRow(envelopeId, kind);
  const { rowCount } = await currentTenantTransaction().query('DELETE FROM pact_signers WHERE envelope_id = $1 AND id = $2', [envelopeId, signerId]);
  if (!rowCount) throw new AppError('pact.signer_not_found');
}

/**
 * Replaces the draft's fields with the editor's layout, all or nothing. A field must name a
 * document and signer of this envelope, a page the document has, and lie wholly on that page.
 */
export async function replaceFields(envelopeId: string, fields: readonly PlacedFieldInput[], kind: 'envelope' | 'template' = 'envelope'): Promise<void> {
  await findDraftRow(envelopeId, kind);
  const tx = currentTenantTransaction();
  const documents = new Map((await documentRows(envelopeId)).map((row) => [row.id, row]));
  const signers = new Set((await signerRows(envelopeId)).map((row) => row.id));
  for (const [index, field] of fields.entries()) {
    const document = documents.get(field.documentId);
    if (!document || !signers.has(field.signerId) || field.page >= document.pages.length) {
      throw new AppError('pact.field_invalid', undefined, { field: index });
    }
    // A small tolerance for the editor's rounding; the stored box is clamped to the page.
    if (field.x >= 1 || field.y >= 1 || field.x + field.width > 1.0001 || field.y + field.height > 1.0001) throw new AppError('pact.field_off_page', undefined, { field: index });
  }
  await tx.query('DELETE FROM pact_fields WHERE envelope_id = $1', [envelopeId]);
  if (fields.length === 0) return;
  await tx.query(
    `INSERT INTO pact_fields (tenant_id, envelope_id, document_id, signer_id, kind, label, required, page, x, y, width, height)
     SELECT $1, $2, f.document_id, f.signer_id, f.kind, f.label, f.required, f.page, f.x, f.y, least(f.width, 1 - f.x), least(f.height, 1 - f.y)
     FROM jsonb_to_recordset($3::jsonb) AS f (document_id uuid, signer_id uuid, kind text, label text, required boolean, page integer, x float8, y float8, width float8, height float8)`,
    [
      tx.tenantId,
      envelopeId,
      JSON.stringify(
        fields.map((field) => ({ document_id: field.documentId, signer_id: field.signerId, kind: field.kind, label: field.label, required: field.required, page: field.page, x: field.x, y: field.y, width: field.width, height: field.height })),
      ),
    ],
  );
}
