import { createHash, randomInt } from 'node:crypto';
import { AppError } from '../../../platform/errors/index.js';
import { currentTenantTransaction, type BusinessDb } from '../../../platform/tenancy/index.js';
import { findEnvelopeRow, type SignerRow } from '../envelopes/envelope-rows.js';
import type { PactDeps } from '../pact-deps.js';
import { inviteSigner } from './invite-signers.js';
import { newSignerSecret, secretHash, tenantOfSecret } from './signer-secrets.js';
import type { LinkRow } from './signing-session.js';

/** How long a signing session lasts once its link is opened. */
const SESSION_MINUTES = 60;
const CODE_MINUTES = 10;
export const MAX_CODE_ATTEMPTS = 5;

/**
 * Spends a signer's emailed link and starts a signing session (the cookie it returns). A link
 * opens once: the row is locked, so of two racing openings one wins and the other is told the
 * link was used. When the envelope asks for it, a one-time code is emailed now.
 */
export async function openSignerLink(businessDb: BusinessDb, deps: Pick<PactDeps, 'mailer'>, token: string): Promise<{ session: string; expiresAt: Date; requireCode: boolean }> {
  const tenantId = tenantOfSecret('link', token);
  if (!tenantId) throw new AppError('pact.link_invalid');
  return businessDb.withTenant(tenantId, async (tx) => {
    const { rows } = await tx.query<LinkRow & { now: Date }>('SELECT *, now() AS now FROM pact_signer_links WHERE token_hash = $1 FOR UPDATE', [secretHash(token)]);
    const link = rows[0];
    if (!link) throw new AppError('pact.link_invalid');
    const envelope = await findEnvelopeRow(link.envelope_id);
    if (envelope.status !== 'sent') throw new AppError('pact.envelope_not_open');
    if (link.used_at) throw new AppError('pact.link_used');
    if (link.expires_at <= link.now) throw new AppError('pact.link_expired');
    const session = newSignerSecret('session', tenantId);
    const expiresAt = new Date(Math.min(link.expires_at.getTime(), link.now.getTime() + SESSION_MINUTES * 60_000));
    await tx.query('UPDATE pact_signer_links SET used_at = now(), session_hash = $2, session_expires_at = $3 WHERE id = $1', [link.id, secretHash(session), expiresAt]);
    if (envelope.require_code) await sendCode(deps, link, envelope.title);
    return { session, expiresAt, requireCode: envelope.require_code };
  });
}

/**
 * Emails a fresh six-digit code for the session's link; the previous code stops working. At most
 * one a minute, and wrong tries count across codes (five per link, never reset): a new code buys
 * no new guesses, so whoever holds a forwarded link without the mailbox gets five in a million.
 */
export async function sendCode(deps: Pick<PactDeps, 'mailer'>, link: Pick<LinkRow, 'id' | 'signer_id'>, title: string): Promise<void> {
  const tx = currentTenantTransaction();
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const { rowCount } = await tx.query(
    `UPDATE pact_signer_links SET code_hash = $2, code_expires_at = now() + interval '${CODE_MINUTES} minutes'
     WHERE id = $1 AND code_verified_at IS NULL AND (code_expires_at IS NULL OR code_expires_at < now() + interval '${CODE_MINUTES - 1} minutes')`,
    [link.id, codeHash(link.id, code)],
  );
  if (!rowCount) return;
  const signer = (await tx.query<SignerRow>('SELECT * FROM pact_signers WHERE id = $1', [link.signer_id])).rows[0]!;
  tx.afterCommit(() => deps.mailer.send({ to: signer.email, subject: `Your code for ${title}`, text: `Your one-time code to open "${title}" is ${code}.\n\nIt works for ${CODE_MINUTES} minutes. If you did not ask for it, ignore this email.\n` }));
}

/**
 * Checks the code; five wrong tries in all lock the link. It answers instead of throwing: a
 * throw would roll the transaction back, and with it the count of the wrong try.
 */
export async function verifyCode(link: LinkRow, code: string): Promise<'ok' | 'invalid' | 'locked'> {
  const tx = currentTenantTransaction();
  if (link.code_attempts >= MAX_CODE_ATTEMPTS) return 'locked';
  const valid = link.code_hash !== null && link.code_expires_at !== null && link.code_expires_at > new Date() && link.code_hash === codeHash(link.id, code);
  if (!valid) {
    await tx.query('UPDATE pact_signer_links SET code_attempts = code_attempts + 1 WHERE id = $1', [link.id]);
    return link.code_attempts + 1 >= MAX_CODE_ATTEMPTS ? 'locked' : 'invalid';
  }
  await tx.query('UPDATE pact_signer_links SET code_verified_at = now(), code_hash = NULL WHERE id = $1', [link.id]);
  return 'ok';
}

function codeHash(linkId: string, code: string): string {
  return createHash('sha256').update(`${linkId}:${code}`).digest('hex');
}

/**
 * "Email me a new link", from a used or expired link: a fresh one goes to the signer's own
 * address (never to the asker), at most once a minute, while the envelope is open for them.
 * Answers nothing about the link either way.
 */
export async function resendSignerLink(businessDb: BusinessDb, deps: Pick<PactDeps, 'mailer' | 'pactUrl'>, token: string): Promise<void> {
  const tenantId = tenantOfSecret('link', token);
  if (!tenantId) return;
  await businessDb.withTenant(tenantId, async (tx) => {
    const { rows } = await tx.query<LinkRow>('SELECT * FROM pact_signer_links WHERE token_hash = $1', [secretHash(token)]);
    const link = rows[0];
    if (!link) return;
    const envelope = await findEnvelopeRow(link.envelope_id, { lock: true });
    const signer = (await tx.query<SignerRow>('SELECT * FROM pact_signers WHERE id = $1 FOR UPDATE', [link.signer_id])).rows[0]!;
    if (envelope.status !== 'sent' || signer.status === 'signed' || signer.status === 'declined' || signer.status === 'pending') return;
    const recent = await tx.query("SELECT 1 FROM pact_signer_links WHERE signer_id = $1 AND created_at > now() - interval '1 minute'", [signer.id]);
    if (recent.rowCount) return;
    await inviteSigner(deps, envelope, signer);
  });
}
