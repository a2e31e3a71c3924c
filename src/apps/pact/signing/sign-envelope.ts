import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../../platform/errors/index.js';
import { safeText } from '../../../platform/http/index.js';
import { currentTenantTransaction } from '../../../platform/tenancy/index.js';
import { appendPactChainEntry } from '../chain/index.js';
import { completeEnvelope } from '../envelopes/complete-envelope.js';
import { isEmbeddablePng } from '../pdf/index.js';
import { fieldRows, signerRows } from '../envelopes/envelope-rows.js';
import type { PactDeps } from '../pact-deps.js';
import { inviteNextSigners } from './invite-signers.js';
import { endSigningSession, type SigningContext } from './signing-session.js';

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const MAX_SIGNATURE_BYTES = 200_000;

export const signBodySchema = z
  .object({
    /** Values of the signer's text and checkbox fields by field id ('true'/'false' for a checkbox). */
    values: z.record(z.uuid(), safeText({ min: 0, max: 500 })).default({}),
    signature: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('typed'), text: safeText({ min: 1, max: 200 }) }).strict(),
      z.object({ kind: z.literal('drawn'), text: safeText({ min: 1, max: 200 }), png: safeText({ min: 30, max: 300_000 }).regex(/^data:image\/png;base64,[A-Za-z0-9+/=]+$/, 'must be a PNG data URL') }).strict(),
    ]),
  })
  .strict();
export type SignInput = z.infer<typeof signBodySchema>;

export const declineBodySchema = z.object({ reason: safeText({ min: 1, max: 500 }) }).strict();

/** Who is signing, as the certificate records it. */
export interface SignerOrigin {
  readonly address: string | null;
  readonly userAgent: string | null;
}

/** Refuses what cannot be signed now: a closed or expired envelope, a finished signer, someone out of turn. */
async function assertCanAct({ envelope, signer }: SigningContext): Promise<void> {
  if (envelope.status !== 'sent' || (envelope.expires_at && envelope.expires_at <= new Date())) throw new AppError('pact.envelope_not_open');
  if (signer.status === 'signed' || signer.status === 'declined') throw new AppError('pact.already_signed');
  if (envelope.signing_order === 'sequential') {
    const before = (await signerRows(envelope.id)).filter((other) => other.position < signer.position && other.status !== 'signed');
    if (before.length > 0) throw new AppError('pact.not_your_turn');
  }
}

/**
 * Signs for the session's signer: fills their fields (signature and initials from the signature,
 * dates with today), records where from, appends 'signed' to the chain, then invites the next
 * signers or, when this was the last signature, completes the envelope, all in one transaction.
 */
export async function signEnvelope(deps: PactDeps, context: SigningContext, input: SignInput, origin: SignerOrigin): Promise<{ completed: boolean }> {
  await assertCanAct(context);
  const { envelope, signer, link } = context;
  const tx = currentTenantTransaction();
  const image = input.signature.kind === 'drawn' ? await signatureImage(input.signature.png) : null;
  const today = new Date().toISOString().slice(0, 10);
  const initials = input.signature.text.split(/\s+/).map((part) => part[0] ?? '').join('').toUpperCase().slice(0, 4);
  const mine = (await fieldRows(envelope.id)).filter((field) => field.signer_id === signer.id);
  const filled = mine.map((field) => {
    const value =
      field.kind === 'signature' ? input.signature.text : field.kind === 'initials' ? initials : field.kind === 'date' ? today : field.kind === 'checkbox' ? (input.values[field.id] === 'true' ? 'true' : 'false') : (input.values[field.id] ?? '').trim();
    if (field.required && (value === '' || (field.kind === 'checkbox' && value !== 'true'))) throw new AppError('pact.fields_missing', undefined, { field: field.id });
    return { id: field.id, value };
  });
  if (filled.length > 0) {
    await tx.query('UPDATE pact_fields f SET value = v.value, filled_at = now() FROM jsonb_to_recordset($1::jsonb) AS v (id uuid, value text) WHERE f.id = v.id', [JSON.stringify(filled)]);
  }
  let signatureBlob: string | null = null;
  if (image) {
    signatureBlob = `pact/${envelope.id}/signatures/${signer.id}.png`;
    await deps.blobs.put(signatureBlob, image);
  }
  await tx.query(
    `UPDATE pact_signers SET status = 'signed', signed_at = now(), signed_address = $2, signed_user_agent = $3, signature_kind = $4, signature_text = $5, signature_blob_key = $6 WHERE id = $1`,
    [signer.id, origin.address?.slice(0, 100) ?? null, origin.userAgent?.slice(0, 500) ?? null, input.signature.kind, input.signature.text, signatureBlob],
  );
  await endSigningSession(link);
  const valuesDigest = createHash('sha256').update(JSON.stringify(filled.sort((a, b) => a.id.localeCompare(b.id)))).digest('hex');
  const signatureDigest = createHash('sha256').update(image ?? input.signature.text).digest('hex');
  await appendPactChainEntry({ type: 'signed', envelopeId: envelope.id, payload: { envelopeId: envelope.id, signerId: signer.id, values: valuesDigest, signature: signatureDigest } });
  const remaining = (await signerRows(envelope.id)).filter((other) => other.status !== 'signed');
  if (remaining.length === 0) {
    await completeEnvelope(deps, envelope.id);
    return { completed: true };
  }
  await inviteNextSigners(deps, envelope);
  return { completed: false };
}

/** Declines for the session's signer: the envelope stops for everyone, and the chain says so. */
export async function declineEnvelope(deps: Pick<PactDeps, 'mailer'>, context: SigningContext, reason: string): Promise<void> {
  await assertCanAct(context);
  const { envelope, signer, link } = context;
  const tx = currentTenantTransaction();
  await tx.query("UPDATE pact_signers SET status = 'declined', declined_at = now(), decline_reason = $2 WHERE id = $1", [signer.id, reason]);
  await tx.query("UPDATE pact_envelopes SET status = 'declined' WHERE id = $1", [envelope.id]);
  await tx.query('UPDATE pact_signer_links SET expires_at = least(expires_at, now()) WHERE envelope_id = $1 AND used_at IS NULL', [envelope.id]);
  await endSigningSession(link);
  await appendPactChainEntry({ type: 'declined', envelopeId: envelope.id, payload: { envelopeId: envelope.id, signerId: signer.id, reason: createHash('sha256').update(reason).digest('hex') } });
  const others = (await signerRows(envelope.id)).filter((other) => other.id !== signer.id && other.status !== 'pending');
  tx.afterCommit(async () => {
    for (const other of others) await deps.mailer.send({ to: other.email, subject: `Declined: ${envelope.title}`, text: `Hello ${other.name},\n\n${signer.name} declined to sign "${envelope.title}", so it will not be completed.\n\nTheir reason: ${reason}\n` });
  });
}

/** The largest drawn signature, in pixels: a small PNG can decode to hundreds of megabytes. */
const MAX_SIGNATURE_PIXELS = 2_000 * 800;

/**
 * A drawn signature: a PNG of bounded size and dimensions (read from its IHDR before anything
 * decodes it) that really decodes, or a 422. Checked before it is stored: a broken image would
 * otherwise fail every later attempt to complete the envelope.
 */
async function signatureImage(dataUrl: string): Promise<Buffer> {
  const bytes = Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
  if (bytes.length > MAX_SIGNATURE_BYTES || bytes.length < 67 || !bytes.subarray(0, 8).equals(PNG_MAGIC) || bytes.toString('latin1', 12, 16) !== 'IHDR') throw new AppError('pact.signature_invalid');
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  if (width === 0 || height === 0 || width * height > MAX_SIGNATURE_PIXELS) throw new AppError('pact.signature_invalid');
  if (!(await isEmbeddablePng(bytes))) throw new AppError('pact.signature_invalid');
  return bytes;
}
