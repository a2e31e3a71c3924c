import { randomUUID } from 'node:crypto';
import { currentTenantTransaction } from '../../../platform/tenancy/index.js';
import type { PactDeps } from '../pact-deps.js';
import { createEnvelope } from './draft-envelope.js';
import { documentRows, fieldRows, findEnvelopeRow, signerRows, type EnvelopeRow } from './envelope-rows.js';

/**
 * Copies an envelope into a new draft of the given kind: its settings, documents (re-sealed
 * under the new place), signers and field layout. "Save as template" copies an envelope into a
 * template; "use template" copies a template into an envelope to send. Nothing is shared, so
 * editing one never changes the other.
 */
export async function copyEnvelope(deps: Pick<PactDeps, 'blobs'>, sourceId: string, from: 'envelope' | 'template', to: 'envelope' | 'template', actorId: string, title?: string): Promise<EnvelopeRow> {
  const tx = currentTenantTransaction();
  const source = await findEnvelopeRow(sourceId, { kind: from });
  const copy = await createEnvelope(
    { title: title ?? source.title, message: source.message, signingOrder: source.signing_order, requireCode: source.require_code, expiresInDays: source.expires_in_days, remindEveryDays: source.remind_every_days },
    actorId,
    to,
  );
  const documentIds = new Map<string, string>();
  for (const document of await documentRows(sourceId)) {
    const id = randomUUID();
    const blobKey = `pact/${copy.id}/${id}.pdf`;
    await deps.blobs.put(blobKey, await deps.blobs.get(document.blob_key));
    await tx.query('INSERT INTO pact_documents (tenant_id, id, envelope_id, position, name, blob_key, sha256, size_bytes, pages) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)', [
      tx.tenantId,
      id,
      copy.id,
      document.position,
      document.name,
      blobKey,
      document.sha256,
      document.size_bytes,
      JSON.stringify(document.pages),
    ]);
    documentIds.set(document.id, id);
  }
  const signerIds = new Map<string, string>();
  for (const signer of await signerRows(sourceId)) {
    const id = randomUUID();
    await tx.query('INSERT INTO pact_signers (tenant_id, id, envelope_id, position, name, email) VALUES ($1, $2, $3, $4, $5, $6)', [tx.tenantId, id, copy.id, signer.position, signer.name, signer.email]);
    signerIds.set(signer.id, id);
  }
  for (const field of await fieldRows(sourceId)) {
    await tx.query('INSERT INTO pact_fields (tenant_id, envelope_id, document_id, signer_id, kind, label, required, page, x, y, width, height) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)', [
      tx.tenantId,
      copy.id,
      documentIds.get(field.document_id),
      signerIds.get(field.signer_id),
      field.kind,
      field.label,
      field.required,
      field.page,
      field.x,
      field.y,
      field.width,
      field.height,
    ]);
  }
  return copy;
}
