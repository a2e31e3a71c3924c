import { AppError } from '../../../platform/errors/index.js';
import { currentTenantTransaction, type BusinessDb } from '../../../platform/tenancy/index.js';
import { findEnvelopeRow, type EnvelopeRow, type SignerRow } from '../envelopes/envelope-rows.js';
import { secretHash, tenantOfSecret } from './signer-secrets.js';

export interface LinkRow {
  id: string;
  envelope_id: string;
  signer_id: string;
  expires_at: Date;
  used_at: Date | null;
  session_expires_at: Date | null;
  code_hash: string | null;
  code_expires_at: Date | null;
  code_attempts: number;
  code_verified_at: Date | null;
  created_at: Date;
}

/** What a signer's session reaches: one signer of one envelope, in its tenant. */
export interface SigningContext {
  readonly tenantId: string;
  readonly link: LinkRow;
  readonly envelope: EnvelopeRow;
  readonly signer: SignerRow;
}

/**
 * Runs work for the signer whose session cookie this is, inside that signer's tenant: the
 * cookie names the tenant, its hash must be a live session there, and nothing else is reachable.
 * `codeDone: false` lets the code form itself through before the one-time code is entered.
 */
export async function withSigningSession<T>(
  businessDb: BusinessDb,
  cookie: string | undefined,
  work: (context: SigningContext) => Promise<T>,
  options: { readonly codeDone?: boolean; readonly lock?: boolean } = {},
): Promise<T> {
  const tenantId = tenantOfSecret('session', cookie);
  if (!tenantId) throw new AppError('pact.signing_session_required');
  return businessDb.withTenant(tenantId, async (tx) => {
    const { rows } = await tx.query<LinkRow>(`SELECT * FROM pact_signer_links WHERE session_hash = $1 AND session_expires_at > now()${options.lock ? ' FOR UPDATE' : ''}`, [secretHash(cookie!)]);
    const link = rows[0];
    if (!link) throw new AppError('pact.signing_session_required');
    const envelope = await findEnvelopeRow(link.envelope_id, { lock: options.lock });
    const signer = (await tx.query<SignerRow>(`SELECT * FROM pact_signers WHERE id = $1${options.lock ? ' FOR UPDATE' : ''}`, [link.signer_id])).rows[0]!;
    if (envelope.require_code && !link.code_verified_at && options.codeDone !== false) throw new AppError('pact.code_required');
    return work({ tenantId, link, envelope, signer });
  });
}

/** Ends the session: after signing or declining, the cookie opens nothing. */
export async function endSigningSession(link: LinkRow): Promise<void> {
  await currentTenantTransaction().query('UPDATE pact_signer_links SET session_expires_at = now() WHERE id = $1', [link.id]);
}
