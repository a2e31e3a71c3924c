import { createHash } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import { currentTenantTransaction } from '../../../platform/tenancy/index.js';
import { appendPactChainEntry, latestPactCheckpoint, listPactChainEntries, lockPactChain } from '../chain/index.js';
import type { PactDeps } from '../pact-deps.js';
import { appendCertificatePage, flattenFields, signPdf, type FilledField } from '../pdf/index.js';
import { documentRows, fieldRows, findEnvelopeRow, signerRows } from './envelope-rows.js';

/**
 * Completes an envelope whose signers have all signed, inside their last signature's
 * transaction. Under the tenant's chain lock (so the seq printed on the certificate is the one
 * the 'completed' entry gets): every document with its fields flattened in, one after another,
 * then the certificate, then the PAdES signature. The 'completed' entry's payload is the final
 * file's SHA-256, so anyone holding the PDF can find it in the chain. Every party gets the PDF.
 */
export async function completeEnvelope(deps: PactDeps, envelopeId: string): Promise<void> {
  const tx = currentTenantTransaction();
  const envelope = await findEnvelopeRow(envelopeId, { lock: true });
  const { nextSeq } = await lockPactChain();
  const [documents, signers, fields] = [await documentRows(envelopeId), await signerRows(envelopeId), await fieldRows(envelopeId)];
  const images = new Map<string, Buffer>();
  for (const signer of signers) if (signer.signature_blob_key) images.set(signer.id, await deps.blobs.get(signer.signature_blob_key));
  const merged = await PDFDocument.create();
  for (const document of documents) {
    const filled: FilledField[] = fields
      .filter((field) => field.document_id === document.id)
      .map((field) => ({ page: field.page, x: field.x, y: field.y, width: field.width, height: field.height, kind: field.kind, value: field.value, ...(field.kind === 'signature' && images.has(field.signer_id) ? { image: images.get(field.signer_id)! } : {}) }));
    const flat = await PDFDocument.load(await flattenFields(await deps.blobs.get(document.blob_key), filled));
    for (const page of await merged.copyPages(flat, flat.getPageIndices())) merged.addPage(page);
  }
  const completedAt = new Date();
  const checkpoint = await latestPactCheckpoint();
  const withCertificate = await appendCertificatePage(Buffer.from(await merged.save()), {
    envelopeId,
    tenantId: tx.tenantId,
    title: envelope.title,
    completedAt: completedAt.toISOString(),
    documents: documents.map((document) => ({ name: document.name, originalSha256: document.sha256 })),
    signers: signers.map((signer) => ({ name: signer.name, email: signer.email, signedAt: signer.signed_at?.toISOString() ?? '', address: signer.signed_address, userAgent: signer.signed_user_agent })),
    chain: (await listPactChainEntries(envelopeId)).map((entry) => ({ seq: entry.seq, type: entry.type, hash: entry.hash, at: entry.at.toISOString() })),
    completionSeq: nextSeq,
    checkpoint: checkpoint && { seq: checkpoint.seq, head: checkpoint.head, signedAt: checkpoint.signedAt, keyId: checkpoint.keyId, signature: checkpoint.signature },
    verifyUrl: `${deps.pactUrl}/verify`,
  });
  const final = await signPdf(withCertificate, await deps.signingIdentity(), { reason: `Completed with bsns pact: ${envelope.title}`.slice(0, 200), signingTime: completedAt });
  const finalSha256 = createHash('sha256').update(final).digest('hex');
  const finalKey = `pact/${envelopeId}/completed.pdf`;
  await deps.blobs.put(finalKey, final);
  await tx.query("UPDATE pact_envelopes SET status = 'completed', completed_at = $2, final_blob_key = $3, final_sha256 = $4 WHERE id = $1", [envelopeId, completedAt, finalKey, finalSha256]);
  const entry = await appendPactChainEntry({ type: 'completed', envelopeId, payload: { envelopeId, finalSha256 }, at: completedAt });
  if (entry.seq !== nextSeq) throw new Error(`Completion entry took seq ${entry.seq}, the certificate says ${nextSeq}`);
  const filename = `${envelope.title.replace(/[^\w .-]+/g, '_').slice(0, 80) || 'document'} (signed).pdf`;
  const tenantId = tx.tenantId;
  tx.afterCommit(async () => {
    const sender = await deps.memberEmail(tenantId, envelope.created_by);
    const parties = [...signers.map((signer) => ({ email: signer.email, name: signer.name })), ...(sender ? [{ email: sender, name: sender }] : [])];
    for (const party of parties) {
      await deps.mailer.send({
        to: party.email,
        subject: `Completed: ${envelope.title}`,
        text: `Hello ${party.name},\n\nEveryone has signed "${envelope.title}". The signed PDF is attached.\n\nIts SHA-256 is ${finalSha256}. Anyone can check it at ${deps.pactUrl}/verify.\n`,
        attachments: [{ filename, content: final, contentType: 'application/pdf' }],
      });
    }
  });
}
