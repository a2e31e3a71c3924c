import { currentTenantTransaction } from '../../../platform/tenancy/index.js';
import type { EnvelopeRow, SignerRow } from '../envelopes/envelope-rows.js';
import { signerRows } from '../envelopes/envelope-rows.js';
import type { PactDeps } from '../pact-deps.js';
import { newSignerSecret, secretHash } from './signer-secrets.js';

/**
 * Emails a signer a fresh single-use link (valid until the envelope expires). Earlier links of
 * the signer stop working: only the newest one opens. The email leaves after the commit.
 */
export async function inviteSigner(deps: Pick<PactDeps, 'mailer' | 'pactUrl'>, envelope: EnvelopeRow, signer: SignerRow, reminder = false): Promise<void> {
  const tx = currentTenantTransaction();
  const token = newSignerSecret('link', tx.tenantId);
  await tx.query("UPDATE pact_signer_links SET expires_at = least(expires_at, now()) WHERE signer_id = $1 AND used_at IS NULL", [signer.id]);
  await tx.query('INSERT INTO pact_signer_links (tenant_id, envelope_id, signer_id, token_hash, expires_at) VALUES ($1, $2, $3, $4, $5)', [
    tx.tenantId,
    envelope.id,
    signer.id,
    secretHash(token),
    envelope.expires_at,
  ]);
  await tx.query("UPDATE pact_signers SET status = CASE WHEN status = 'pending' THEN 'sent' ELSE status END, sent_at = coalesce(sent_at, now()) WHERE id = $1", [signer.id]);
  const link = `${deps.pactUrl}/sign?token=${token}`;
  const expires = envelope.expires_at ? ` The link works until ${envelope.expires_at.toISOString().slice(0, 10)}.` : '';
  const note = envelope.message ? `\n\n${envelope.message}` : '';
  tx.afterCommit(() =>
    deps.mailer.send({
      to: signer.email,
      subject: `${reminder ? 'Reminder: ' : ''}Please sign: ${envelope.title}`,
      text: `Hello ${signer.name},\n\nYou are asked to sign "${envelope.title}".${note}\n\nOpen the document and sign it here (the link works once; you can ask for a new one):\n${link}\n${expires}\n\nYou do not need an account.\n`,
    }),
  );
}

/**
 * Invites whoever signs next: in a parallel envelope everyone not yet invited; in a sequential
 * one the signers of the lowest position still to sign (equal positions sign side by side).
 */
export async function inviteNextSigners(deps: Pick<PactDeps, 'mailer' | 'pactUrl'>, envelope: EnvelopeRow): Promise<void> {
  const signers = await signerRows(envelope.id);
  const waiting = signers.filter((signer) => signer.status !== 'signed');
  const turn = envelope.signing_order === 'parallel' ? waiting : waiting.filter((signer) => signer.position === Math.min(...waiting.map((item) => item.position)));
  for (const signer of turn) if (signer.status === 'pending') await inviteSigner(deps, envelope, signer);
}
