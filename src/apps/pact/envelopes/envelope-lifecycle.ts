import { createHash } from 'node:crypto';
import { AppError } from '../../../platform/errors/index.js';
import { currentTenantTransaction } from '../../../platform/tenancy/index.js';
import { appendPactChainEntry } from '../chain/index.js';
import type { PactDeps } from '../pact-deps.js';
import { inviteNextSigners } from '../signing/invite-signers.js';
import { documentRows, fieldRows, findDraftRow, findEnvelopeRow, signerRows, type EnvelopeRow } from './envelope-rows.js';

/**
 * Sends a draft: it must hold a document, a signer, and a signature field for every signer.
 * From here its documents, signers and fields are fixed; the chain records the originals'
 * hashes, and the first signers (or all, in parallel) get their links.
 */
export async function sendEnvelope(deps: Pick<PactDeps, 'mailer' | 'pactUrl'>, id: string): Promise<void> {
  const draft = await findDraftRow(id);
  const [documents, signers, fields] = [await documentRows(id), await signerRows(id), await fieldRows(id)];
  const signing = new Set(fields.filter((field) => field.kind === 'signature').map((field) => field.signer_id));
  if (documents.length === 0 || signers.length === 0 || signers.some((signer) => !signing.has(signer.id))) throw new AppError('pact.envelope_incomplete');
  const { rows } = await currentTenantTransaction().query<EnvelopeRow>(
    `UPDATE pact_envelopes SET status = 'sent', sent_at = now(), expires_at = now() + make_interval(days => expires_in_days) WHERE id = $1 RETURNING *`,
    [draft.id],
  );
  const envelope = rows[0]!;
  await appendPactChainEntry({
    type: 'sent',
    envelopeId: id,
    payload: { envelopeId: id, documents: documents.map((document) => document.sha256).join(','), signers: signers.length, fields: layoutDigest(fields) },
  });
  await inviteNextSigners(deps, envelope);
}

/** Voids an envelope still out for signing: every link stops working, and the chain says so. */
export async function voidEnvelope(deps: Pick<PactDeps, 'mailer'>, id: string, reason: string): Promise<void> {
  const envelope = await findEnvelopeRow(id, { lock: true });
  if (envelope.status !== 'sent') throw new AppError('pact.envelope_not_open');
  const tx = currentTenantTransaction();
  await tx.query("UPDATE pact_envelopes SET status = 'voided', voided_at = now(), void_reason = $2 WHERE id = $1", [id, reason]);
  await tx.query('UPDATE pact_signer_links SET expires_at = least(expires_at, now()), session_expires_at = least(session_expires_at, now()) WHERE envelope_id = $1', [id]);
  await appendPactChainEntry({ type: 'voided', envelopeId: id, payload: { envelopeId: id, reason: createHash('sha256').update(reason).digest('hex') } });
  const notified = (await signerRows(id)).filter((signer) => signer.status !== 'pending');
  tx.afterCommit(async () => {
    for (const signer of notified) {
      await deps.mailer.send({ to: signer.email, subject: `Voided: ${envelope.title}`, text: `Hello ${signer.name},\n\n"${envelope.title}" was voided by its sender and can no longer be signed.\n\nReason: ${reason}\n` });
    }
  });
}

/** The fields as sent (who signs what, where), as one digest for the chain. */
function layoutDigest(fields: Awaited<ReturnType<typeof fieldRows>>): string {
  const hash = createHash('sha256');
  for (const field of fields) hash.update(`${field.document_id}|${field.signer_id}|${field.kind}|${field.page}|${field.x}|${field.y}|${field.width}|${field.height}|${field.required}\n`);
  return hash.digest('hex');
}
