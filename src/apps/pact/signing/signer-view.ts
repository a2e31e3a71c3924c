import { z } from 'zod';
import { documentRows, fieldRows, signerRows, toDocument, toField } from '../envelopes/envelope-rows.js';
import { documentSchema, fieldSchema } from '../envelopes/envelopes.types.js';
import type { SigningContext } from './signing-session.js';

export const signerViewSchema = z.object({
  envelope: z.object({ id: z.uuid(), title: z.string(), message: z.string(), status: z.string(), expiresAt: z.iso.datetime().nullable() }),
  signer: z.object({ id: z.uuid(), name: z.string(), email: z.string(), status: z.string() }),
  /** Whether it is this signer's turn now (a sequential envelope waits for earlier signers). */
  yourTurn: z.boolean(),
  documents: z.array(documentSchema).max(20),
  /** This signer's fields only; others' are not theirs to see or fill. */
  fields: z.array(fieldSchema).max(500),
});
export type SignerView = z.infer<typeof signerViewSchema>;

/** What a signer sees: the envelope, the documents, and their own fields. */
export async function signerView({ envelope, signer }: SigningContext): Promise<SignerView> {
  const signers = await signerRows(envelope.id);
  const yourTurn = envelope.signing_order === 'parallel' || signers.every((other) => other.position >= signer.position || other.status === 'signed');
  return {
    envelope: { id: envelope.id, title: envelope.title, message: envelope.message, status: envelope.status, expiresAt: envelope.expires_at?.toISOString() ?? null },
    signer: { id: signer.id, name: signer.name, email: signer.email, status: signer.status },
    yourTurn,
    documents: (await documentRows(envelope.id)).map(toDocument),
    fields: (await fieldRows(envelope.id)).filter((field) => field.signer_id === signer.id).map(toField),
  };
}
